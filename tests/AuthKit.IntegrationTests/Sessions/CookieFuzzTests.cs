using System.Buffers.Text;
using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.IntegrationTests.Sessions;

/// <summary>
/// At least 100,000 mutated and random cookie values through the authentication handler: none may throw,
/// none may be accepted.
/// </summary>
public sealed class CookieFuzzTests
{
    private const int Iterations = 100_000;

    [Fact]
    public async Task MutatedAndRandomCookies_AreNeverAcceptedAndNeverThrow()
    {
        using var app = new AuthKitAppFactory("Stateless");
        using var ann = app.CreateSessionClient();
        using var admin = app.CreateSessionClient();
        var seeds = new List<string>
        {
            await ann.SignUpAndInAsync("ann@example.com"),
            await admin.SignUpAndInAsync("admin@example.com", values: new() { ["a"] = "b", ["théme"] = "därk" }),
        };
        foreach (var seed in seeds)
        {
            (await AuthenticateAsync(app, seed)).Should().BeTrue("the control: an untouched cookie authenticates");
        }

        var random = new Random(20261127);
        var accepted = new List<string>();
        var exceptions = new List<Exception>();
        for (var i = 0; i < Iterations; i++)
        {
            var value = Mutate(seeds[i % seeds.Count], random, i);
            try
            {
                if (await AuthenticateAsync(app, value))
                {
                    accepted.Add($"round {i}: {value} from {seeds[i % seeds.Count]}");
                }
            }
            catch (Exception ex)
            {
                exceptions.Add(ex);
            }
        }

        exceptions.Should().BeEmpty();
        accepted.Should().BeEmpty();
    }

    private static async Task<bool> AuthenticateAsync(AuthKitAppFactory app, string cookieValue)
    {
        // A scope per request, as ASP.NET does: the handler provider caches handlers per scope.
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "https";
        context.Request.Headers.Cookie = $"{SessionClient.DefaultCookieName}={cookieValue}";
        var result = await context.AuthenticateAsync(AuthKitDefaults.AuthenticationScheme);
        return result.Succeeded;
    }

    private static string Mutate(string seed, Random random, int round)
    {
        switch (round % 8)
        {
            case 0: // flip one bit of the sealed bytes, re-encoded canonically
            {
                var bytes = Base64Url.DecodeFromChars(seed);
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return Base64Url.EncodeToString(bytes);
            }

            case 1: // replace one character of the text
            {
                var chars = seed.ToCharArray();
                var position = random.Next(chars.Length);
                char replacement;
                do
                {
                    replacement = Alphabet[random.Next(Alphabet.Length)];
                }
                while (replacement == chars[position]);
                chars[position] = replacement;
                return new string(chars);
            }

            case 2: // truncate
                return seed[..random.Next(seed.Length)];

            case 3: // extend
                return seed + RandomText(random, 1 + random.Next(8), Alphabet);

            case 4: // random Base64url of a plausible length
                return Base64Url.EncodeToString(RandomBytes(random, random.Next(1, 400)));

            case 5: // random printable junk, including cookie and Base64 specials
                return RandomText(random, random.Next(1, 300), Junk);

            case 6: // header tampering: another version byte, key id length or key id
            {
                var bytes = Base64Url.DecodeFromChars(seed);
                var index = random.Next(Math.Min(bytes.Length, 6));
                bytes[index] ^= (byte)random.Next(1, 256); // never zero: the byte always changes
                return Base64Url.EncodeToString(bytes);
            }

            default: // oversized
                return seed + new string('A', 4096 + random.Next(10_000));
        }
    }

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string Junk = "ABCxyz019-_+/=.%; ,\"'\\{}[]<>!$&*()~`|\t";

    private static string RandomText(Random random, int length, string alphabet)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
