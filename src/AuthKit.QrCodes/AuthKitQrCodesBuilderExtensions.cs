using AuthKit.QrCodes;

namespace AuthKit;

/// <summary>Registers QR code rendering for two-step sign-in enrolment.</summary>
public static class AuthKitQrCodesBuilderExtensions
{
    /// <summary>
    /// Draws the enrolment QR code (the <c>otpauth://</c> URI authenticator apps scan) as SVG with QRCoder: the answer of
    /// <c>POST …/mfa/totp/setup</c> then carries <c>qrCodeSvg</c>.
    /// </summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseQrCodes(this AuthKitBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseQrCodeRenderer<QrCoderRenderer>();
    }
}
