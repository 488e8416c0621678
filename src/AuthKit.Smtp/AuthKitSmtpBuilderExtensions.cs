using AuthKit.Mail;
using AuthKit.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>Registers SMTP as AuthKit's mail transport.</summary>
public static class AuthKitSmtpBuilderExtensions
{
    /// <summary>Sends AuthKit's mail through an SMTP server, configured from a section (usually <c>AuthKit:Smtp</c>).</summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="configuration">The section: <c>Host</c>, <c>Port</c>, <c>Security</c>, <c>UserName</c>, <c>Password</c>, <c>From</c>, <c>Timeout</c>.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseSmtp(this AuthKitBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<SmtpOptions>().Bind(configuration);
        return Register(builder);
    }

    /// <summary>Sends AuthKit's mail through an SMTP server configured in code.</summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="configure">Sets the server, security, credentials and sender.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseSmtp(this AuthKitBuilder builder, Action<SmtpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SmtpOptions>().Configure(configure);
        return Register(builder);
    }

    private static AuthKitBuilder Register(AuthKitBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        return builder.UseEmailSender<SmtpEmailSender>();
    }
}
