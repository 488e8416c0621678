using PublicApiGenerator;

namespace AuthKit.Tests.PublicApi;

public sealed class PublicApiApprovalTests
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        // PublicApiGenerator leaves out Microsoft.* namespaces unless allowed; AuthKit's entry points (AddAuthKit,
        // AddHealthChecks, UseAuthKit, MapAuthKitEndpoints, RequireSession) live in these two, by convention.
        AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore.Builder"],
        ExcludeAttributes =
        [
            "System.Runtime.Versioning.TargetFrameworkAttribute",
            "System.Reflection.AssemblyMetadataAttribute",
            "System.Runtime.CompilerServices.InternalsVisibleToAttribute",
        ],
    };

    [Fact]
    public void AuthKit_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(AuthKitOptions).Assembly.GeneratePublicApi(Options), "AuthKit");
    }

    [Fact]
    public void AuthKit_Sqlite_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(AuthKit.Sqlite.SqliteSessionStore).Assembly.GeneratePublicApi(Options), "AuthKit.Sqlite");
    }

    [Fact]
    public void AuthKit_Redis_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(AuthKit.Redis.RedisStoreOptions).Assembly.GeneratePublicApi(Options), "AuthKit.Redis");
    }

    [Fact]
    public void AuthKit_NextJs_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(AuthKit.NextJs.NextJsSessionOptions).Assembly.GeneratePublicApi(Options), "AuthKit.NextJs");
    }

    [Fact]
    public void AuthKit_Smtp_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(AuthKit.Smtp.SmtpOptions).Assembly.GeneratePublicApi(Options), "AuthKit.Smtp");
    }

    [Fact]
    public void AuthKit_EntityFrameworkCore_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(AuthKitEntityFrameworkCoreBuilderExtensions).Assembly.GeneratePublicApi(Options), "AuthKit.EntityFrameworkCore");
    }

    [Fact]
    public void AuthKit_Passkeys_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(AuthKitPasskeysBuilderExtensions).Assembly.GeneratePublicApi(Options), "AuthKit.Passkeys");
    }

    [Fact]
    public void AuthKit_QrCodes_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(AuthKitQrCodesBuilderExtensions).Assembly.GeneratePublicApi(Options), "AuthKit.QrCodes");
    }

    [Fact]
    public void AuthKit_OpenApi_PublicApi_IsApproved()
    {
        ApprovalFile.Verify(typeof(Microsoft.Extensions.DependencyInjection.AuthKitOpenApiOptionsExtensions).Assembly.GeneratePublicApi(Options), "AuthKit.OpenApi");
    }

    [Fact]
    public void Diff_ShowsRemovedAndAddedLines()
    {
        var diff = ApprovalFile.Diff("a\nb\nc", "a\nc\nd");

        diff.Should().Be($"- b{Environment.NewLine}+ d{Environment.NewLine}");
    }
}
