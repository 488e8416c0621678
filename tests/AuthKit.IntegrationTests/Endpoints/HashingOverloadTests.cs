using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.Credentials;
using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthKit.IntegrationTests.Endpoints;

/// <summary>A full hashing queue: sign-in and sign-up answer 503 at once, before the request body is even read.</summary>
public sealed class HashingOverloadTests : AppTestBase
{
    private readonly BlockingVerifyHasher _hasher = new();

    protected override AuthKitAppFactory CreateApp() => new(
        "Stateless",
        new Dictionary<string, string?> { ["AuthKit:Hashing:MaxConcurrency"] = "1", ["AuthKit:Hashing:QueueLimit"] = "0" },
        services: s => s.Replace(ServiceDescriptor.Singleton<IPasswordHasher>(_hasher)));

    [Fact]
    public async Task WhileTheQueueIsFull_LoginAndSignUp_Get503BeforeTheirBodyIsRead_AndServiceResumesAfterwards()
    {
        var first = Client();
        var pending = first.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "a wrong password" });
        SpinWait.SpinUntil(() => _hasher.Entered > 0, TimeSpan.FromSeconds(10)).Should().BeTrue("the first sign-in holds the only hashing slot");

        // A body that would be a 400 if it were read.
        var login = await Client().PostAsync("/api/auth/login", "not a credentials object");
        var signUp = await Client().PostAsync("/api/auth/signup", "not a credentials object");

        foreach (var response in new[] { login, signUp })
        {
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("The server is busy.");
        }

        App.Logs.Lines.Should().Contain(l => l.EventId.Id == 1004).And.Contain(l => l.EventId.Id == 1103);
        _hasher.Release();
        (await pending).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client().PostAsync("/api/auth/login", "not a credentials object")).StatusCode.Should().Be(HttpStatusCode.BadRequest, "with a free slot the body is read again");
        _hasher.Entered.Should().Be(1, "the refused requests did no hashing");
    }

    /// <summary>Hashes at once; verifications wait until released.</summary>
    private sealed class BlockingVerifyHasher : IPasswordHasher
    {
        private readonly ManualResetEventSlim _release = new();
        private int _entered;

        public int Entered => Volatile.Read(ref _entered);

        public void Release() => _release.Set();

        public string HashPassword(string password) => "$test$" + password.Length;

        public PasswordVerificationResult VerifyHashedPassword(string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _entered);
            _release.Wait(TimeSpan.FromSeconds(30));
            return PasswordVerificationResult.Failed;
        }
    }
}
