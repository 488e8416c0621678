using AuthKit.Credentials.Hashing;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Credentials.Hashing;

public sealed class PasswordHashingGateTests
{
    [Fact]
    public async Task ByDefault_HashesRunOnAuthKitsOwnThreads_BelowNormalPriority()
    {
        using var services = new AuthKitServices();
        var gate = services.Services.GetRequiredService<PasswordHashingGate>();
        var caller = Environment.CurrentManagedThreadId;

        var (ran, seen) = await gate.TryRunAsync(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, NiceOfThisThread()), default);

        ran.Should().BeTrue();
        seen.Name.Should().Be("AuthKit password hashing");
        seen.CurrentManagedThreadId.Should().NotBe(caller);
        if (OperatingSystem.IsLinux())
        {
            seen.Item3.Should().Be(10, "the hashing threads run at nice +10");
        }
    }

    [Fact]
    public async Task WithoutLowPriority_HashesRunOnTheCallersThread()
    {
        using var services = new AuthKitServices(o => o.Hashing.LowPriority = false);
        var gate = services.Services.GetRequiredService<PasswordHashingGate>();

        var (ran, name) = await Task.Run(() => gate.TryRunAsync(() => Thread.CurrentThread.Name, default).AsTask());

        ran.Should().BeTrue();
        name.Should().NotBe("AuthKit password hashing");
    }

    [Fact]
    public async Task AHashThatThrows_FailsItsCaller_AndTheThreadsKeepWorking()
    {
        using var services = new AuthKitServices(o => o.Hashing.MaxConcurrency = 1);
        var gate = services.Services.GetRequiredService<PasswordHashingGate>();

        var failing = () => gate.TryRunAsync<int>(() => throw new InvalidOperationException("boom"), default).AsTask();

        (await failing.Should().ThrowAsync<InvalidOperationException>()).WithMessage("boom");
        (await gate.TryRunAsync(() => 42, default)).Should().Be((true, 42));
    }

    private static int NiceOfThisThread()
        => OperatingSystem.IsLinux() ? int.Parse(File.ReadAllText("/proc/thread-self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[16], System.Globalization.CultureInfo.InvariantCulture) : 0;
}
