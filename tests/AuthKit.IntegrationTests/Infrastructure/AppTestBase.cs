namespace AuthKit.IntegrationTests.Infrastructure;

/// <summary>
/// A test class with one app per test (created on first use by <see cref="CreateApp"/>) and clients and other
/// resources that are disposed with it.
/// </summary>
public abstract class AppTestBase : IDisposable
{
    private readonly List<IDisposable> _disposables = [];
    private readonly Lazy<AuthKitAppFactory> _app;

    protected AppTestBase()
    {
        _app = new Lazy<AuthKitAppFactory>(() => Track(CreateApp()));
    }

    protected AuthKitAppFactory App => _app.Value;

    public virtual void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract AuthKitAppFactory CreateApp();

    protected T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    protected SessionClient Client(AuthKitAppFactory? app = null) => Track((app ?? App).CreateSessionClient());
}
