using System.Buffers.Text;
using System.Security.Cryptography;
using AuthKit.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.Tests.Tokens;

public sealed class OneTimeTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingStore _store = new();

    [Fact]
    public async Task Issue_Gives256RandomBitsOnce_AndStoresOnlyTheirSha256()
    {
        var tokens = new OneTimeTokens(_store, _time);

        var (token, expiresAt) = await tokens.IssueAsync(OneTimeTokenPurposes.ResetPassword, "u1", "ann@example.com", TimeSpan.FromHours(1), null, default);
        var (other, _) = await tokens.IssueAsync(OneTimeTokenPurposes.ResetPassword, "u1", "ann@example.com", TimeSpan.FromHours(1), null, default);

        token.Should().HaveLength(43).And.MatchRegex("^[A-Za-z0-9_-]+$").And.NotBe(other);
        expiresAt.Should().Be(_time.GetUtcNow().AddHours(1));
        var stored = _store.Stored[0];
        stored.Hash.Should().Equal(SHA256.HashData(Base64Url.DecodeFromChars(token)));
        stored.Hash.Should().NotEqual(Base64Url.DecodeFromChars(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")] // 43 characters, but the last one carries bits Base64url may not set
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Consume_NotACanonicalToken_NeverAsksTheStore(string? presented)
    {
        var tokens = new OneTimeTokens(_store, _time);

        (await tokens.ConsumeAsync(presented, OneTimeTokenPurposes.ResetPassword, null, default)).Should().BeNull();

        _store.Consumed.Should().BeEmpty();
    }

    [Fact]
    public async Task Consume_IssuedToken_AsksTheStoreByItsHash()
    {
        var tokens = new OneTimeTokens(_store, _time);
        var (token, _) = await tokens.IssueAsync(OneTimeTokenPurposes.VerifyEmail, "u1", "ann@example.com", TimeSpan.FromHours(1), null, default);

        await tokens.ConsumeAsync(token, OneTimeTokenPurposes.VerifyEmail, "u1", default);

        _store.Consumed.Should().ContainSingle().Which.Should().Equal(_store.Stored[0].Hash);
    }

    private sealed class RecordingStore : IOneTimeTokenStore
    {
        public List<OneTimeToken> Stored { get; } = [];

        public List<byte[]> Consumed { get; } = [];

        public Task StoreAsync(OneTimeToken token, CancellationToken cancellationToken)
        {
            Stored.Add(token);
            return Task.CompletedTask;
        }

        public Task<OneTimeToken?> ConsumeAsync(byte[] hash, string purpose, string? userId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Consumed.Add(hash);
            return Task.FromResult<OneTimeToken?>(null);
        }

        public Task RevokeAsync(string userId, string purpose, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
