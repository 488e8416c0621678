namespace AuthKit.TwoFactor;

/// <summary>
/// Draws the QR code of an <c>otpauth://</c> URI for authenticator apps. Optional: without one the enrolment answer
/// carries the URI and the secret only (a front end can draw the code itself). <c>UseQrCodes()</c> from the
/// <c>AuthKit.QrCodes</c> package registers one on QRCoder.
/// </summary>
public interface IQrCodeRenderer
{
    /// <summary>Renders <paramref name="text"/> as a QR code.</summary>
    /// <param name="text">What the code holds (an <c>otpauth://totp/…</c> URI).</param>
    /// <returns>A standalone SVG document.</returns>
    string RenderSvg(string text);
}
