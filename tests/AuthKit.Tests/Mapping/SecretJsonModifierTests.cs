using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AuthKit.Credentials;
using AuthKit.Mapping;

namespace AuthKit.Tests.Mapping;

/// <summary>
/// The hash of an <see cref="IAuthKitUser"/> never leaves through JSON, however the user class exposes it (hardening #11):
/// the interface member implemented implicitly, explicitly over a property of another name, or renamed for JSON.
/// </summary>
public sealed class SecretJsonModifierTests
{
    private const string Hash = "$pbkdf2-sha256$i=600000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

    public static readonly TheoryData<object> Users = new()
    {
        new ImplicitUser { Id = "u1", Email = "ann@example.com", PasswordHash = Hash },
        new ExplicitUser { Id = "u1", Email = "ann@example.com", StoredHash = Hash },
        new RenamedUser { Id = "u1", Email = "ann@example.com", PasswordHash = Hash },
        new ExplicitFieldUser("u1", "ann@example.com", Hash),
    };

    private static JsonSerializerOptions Options(bool throwOnSecret)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true };
        options.TypeInfoResolver = ((IJsonTypeInfoResolver)new DefaultJsonTypeInfoResolver()).WithAddedModifier(SecretJsonModifier.Create(throwOnSecret));
        return options;
    }

    [Theory]
    [MemberData(nameof(Users))]
    public void OutsideDevelopment_TheHashIsOmitted_TheRestIsWritten(object user)
    {
        var json = JsonSerializer.Serialize(user, user.GetType(), Options(throwOnSecret: false));

        json.Should().NotContain("pbkdf2").And.Contain("ann@example.com").And.Contain("u1");
    }

    [Theory]
    [MemberData(nameof(Users))]
    public void InDevelopment_SerialisingTheHash_Throws_WithoutTheHashInTheMessage(object user)
    {
        var act = () => JsonSerializer.Serialize(user, user.GetType(), Options(throwOnSecret: true));

        act.Should().Throw<SecretSerializationException>().Which.Message.Should().Contain("is secret").And.NotContain("pbkdf2");
    }

    [Fact]
    public void AUserWithoutAHashYet_SerialisesItsOtherStrings()
    {
        var user = new ExplicitUser { Id = "u1", Email = "ann@example.com", StoredHash = string.Empty };

        JsonSerializer.Serialize(user, Options(throwOnSecret: true)).Should().Contain("ann@example.com");
    }

    public sealed class ImplicitUser : IAuthKitUser
    {
        public required string Id { get; init; }

        public required string Email { get; init; }

        public required string PasswordHash { get; init; }

        public IReadOnlyCollection<string> Roles { get; init; } = [];
    }

    /// <summary>The app's own name for the column, mapped to the interface explicitly (as the interface docs suggest).</summary>
    public sealed class ExplicitUser : IAuthKitUser
    {
        public required string Id { get; init; }

        public required string Email { get; init; }

        public required string StoredHash { get; init; }

        public IReadOnlyCollection<string> Roles { get; init; } = [];

        string IAuthKitUser.PasswordHash => StoredHash;
    }

    public sealed class RenamedUser : IAuthKitUser
    {
        public required string Id { get; init; }

        public required string Email { get; init; }

        [JsonPropertyName("pw")]
        public required string PasswordHash { get; init; }

        public IReadOnlyCollection<string> Roles { get; init; } = [];
    }

    public sealed class ExplicitFieldUser(string id, string email, string hash) : IAuthKitUser
    {
        public string UserId = id;
        public string Address = email;
        public string Digest = hash;

        string IAuthKitUser.Id => UserId;

        string IAuthKitUser.Email => Address;

        string IAuthKitUser.PasswordHash => Digest;

        IReadOnlyCollection<string> IAuthKitUser.Roles => [];
    }
}
