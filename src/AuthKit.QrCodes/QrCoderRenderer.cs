using AuthKit.TwoFactor;
using QRCoder;

namespace AuthKit.QrCodes;

/// <summary>Draws QR codes as SVG with QRCoder (pure managed code, no native dependencies), error correction level M.</summary>
internal sealed class QrCoderRenderer : IQrCodeRenderer
{
    public string RenderSvg(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(6);
    }
}
