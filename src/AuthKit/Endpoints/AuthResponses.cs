using System.Text.Json.Serialization;
using AuthKit.Sessions;

namespace AuthKit.Endpoints;

/// <summary>The failed sign-in's body: one answer for unknown email and wrong password alike.</summary>
/// <param name="Error">The message.</param>
internal sealed record ErrorResponse(string Error);

/// <summary>The session as the login, sign-up and session endpoints answer it.</summary>
/// <remarks><c>emailVerified</c> is present only with <c>AddEmailVerification()</c>.</remarks>
internal sealed record SessionResponse(
    string UserId,
    IReadOnlyList<string> Roles,
    DateTimeOffset ExpiresAt,
    string Kind,
    string? RedirectTo,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? EmailVerified = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TwoFactorEnabled = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RecoveryCodesLeft = null)
{
    public SessionResponse(AuthSession session, string? redirectTo, bool? emailVerified = null)
        : this(session.UserId, session.Roles, session.ExpiresAt, session.Kind.ToString(), redirectTo, emailVerified)
    {
    }
}

/// <summary>The sign-in answer when the password was right and a second factor is due (no session yet).</summary>
/// <param name="SecondFactorRequired">Always <see langword="true"/>.</param>
/// <param name="Methods">What the second step accepts: <c>totp</c>, <c>recovery_code</c>.</param>
internal sealed record SecondFactorRequiredResponse(bool SecondFactorRequired, IReadOnlyList<string> Methods);

/// <summary>An enrolment's start: what an authenticator app needs.</summary>
/// <param name="Secret">The secret in Base32, for typing in by hand.</param>
/// <param name="OtpauthUri">The <c>otpauth://</c> URI the QR code holds.</param>
/// <param name="QrCodeSvg">The QR code as SVG, when a renderer is registered (<c>UseQrCodes()</c>).</param>
internal sealed record TotpSetupResponse(string Secret, string OtpauthUri, string? QrCodeSvg);

/// <summary>New recovery codes, shown once.</summary>
/// <param name="RecoveryCodes">The codes.</param>
internal sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// The answer to requests that may cause mail (forgot password, resend, sign-up with verification required): the same
/// for every address, known or not, throttled or not.
/// </summary>
/// <param name="Message">What the user should do next.</param>
internal sealed record AcceptedResponse(string Message);

/// <summary>One of the user's sessions in the session list.</summary>
internal sealed record SessionListEntry(string Id, bool Current, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, string? ClientIp);
