using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Documentation;

/// <summary>
/// The provider snippets of docs/external-sign-in.md, compiled: <see cref="ExternalSignInDocTests"/> checks that every C#
/// block of that page appears here, so the page never shows code that does not build.
/// </summary>
internal static class ExternalSignInSnippets
{
    public static void Google(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddGoogle(o =>
        {
            o.ClientId = builder.Configuration["Authentication:Google:ClientId"]!;
            o.ClientSecret = builder.Configuration["Authentication:Google:ClientSecret"]!;
            o.ClaimActions.MapJsonKey("email_verified", "email_verified");
        });
    }

    public static void Microsoft(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddOpenIdConnect("Microsoft", "Microsoft", o =>
        {
            o.Authority = "https://login.microsoftonline.com/consumers/v2.0";
            o.ClientId = builder.Configuration["Authentication:Microsoft:ClientId"];
            o.ClientSecret = builder.Configuration["Authentication:Microsoft:ClientSecret"];
            o.CallbackPath = "/signin-microsoft";
            o.ResponseType = "code";
            o.MapInboundClaims = false;
            o.Scope.Add("email");
        });
    }

    public static void GitHub(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddOAuth("GitHub", "GitHub", o =>
        {
            o.ClientId = builder.Configuration["Authentication:GitHub:ClientId"]!;
            o.ClientSecret = builder.Configuration["Authentication:GitHub:ClientSecret"]!;
            o.CallbackPath = "/signin-github";
            o.AuthorizationEndpoint = "https://github.com/login/oauth/authorize";
            o.TokenEndpoint = "https://github.com/login/oauth/access_token";
            o.UserInformationEndpoint = "https://api.github.com/user";
            o.Scope.Add("user:email");
            o.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
            o.ClaimActions.MapJsonKey(ClaimTypes.Email, "email");
            o.Events.OnCreatingTicket = async context =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
                request.Headers.UserAgent.ParseAdd("my-app");
                using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
                response.EnsureSuccessStatusCode();
                using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
                context.RunClaimActions(user.RootElement);
            };
        });
    }

    public static void AuthKit(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthKit(builder.Configuration.GetSection("AuthKit"))
            .AddUserStore<AppUserStore>()
            .AddDatabaseSessions()
            .AddTwoFactor()
            .AddExternalLogins()
            .Configure(o =>
            {
                o.ExternalLogins.TrustedForEmail.Add("Google");
                o.ExternalLogins.TrustedForMfa.Add("Microsoft");
            });
    }

    private sealed class AppUserStore : AuthKit.Credentials.IUserStore, AuthKit.External.IUserLoginStore
    {
        public Task<AuthKit.Credentials.IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuthKit.Credentials.IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuthKit.Credentials.IAuthKitUser?> CreateAsync(AuthKit.Credentials.NewUser user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> FindUserByLoginAsync(string provider, string subject, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuthKit.External.ExternalLogin>> GetLoginsAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> AddLoginAsync(AuthKit.External.ExternalLogin login, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RemoveLoginAsync(string userId, string provider, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
