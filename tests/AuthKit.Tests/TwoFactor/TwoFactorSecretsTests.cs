using AuthKit.Sessions.Sealing;
using AuthKit.TwoFactor;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests.TwoFactor;

public sealed class TwoFactorSecretsTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();

    [Fact]
    public void Sealed_OpensForItsUserOnly_AndHidesTheSecret()
    {
        using var ring = Ring(("k1", 1));
        var secrets = new TwoFactorSecrets(new Lazy<KeyRing>(ring));

        var sealedSecret = secrets.Seal("u1", Secret);

        sealedSecret.Should().NotContain(Base32.Encode(Secret)).And.NotContain(Convert.ToBase64String(Secret).TrimEnd('='));
        secrets.TryOpen("u1", sealedSecret, out var opened, out var older).Should().BeTrue();
        opened.Should().Equal(Secret);
        older.Should().BeFalse();
        secrets.TryOpen("u2", sealedSecret, out _, out _).Should().BeFalse("bound to the user it was sealed for");
    }

    [Fact]
    public void Sealed_WithAnOlderKey_StillOpens_AndSaysSo_WithoutTheKey_DoesNot()
    {
        using var old = Ring(("k1", 1));
        var sealedSecret = new TwoFactorSecrets(new Lazy<KeyRing>(old)).Seal("u1", Secret);
        using var rotated = Ring(("k1", 1), ("k2", 2));
        using var without = Ring(("k2", 2));

        new TwoFactorSecrets(new Lazy<KeyRing>(rotated)).TryOpen("u1", sealedSecret, out var opened, out var older).Should().BeTrue();
        opened.Should().Equal(Secret);
        older.Should().BeTrue("the caller re-seals it with the newest key");
        new TwoFactorSecrets(new Lazy<KeyRing>(without)).TryOpen("u1", sealedSecret, out _, out _).Should().BeFalse();
    }

    private static KeyRing Ring(params (string Id, byte Fill)[] keys)
    {
        var options = new AuthKitOptions();
        foreach (var (id, fill) in keys)
        {
            options.Keys.Add(new AuthKitKeyOptions { Id = id, Secret = Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()) });
        }

        return new KeyRing(Options.Create(options), NullLogger<KeyRing>.Instance);
    }
}
