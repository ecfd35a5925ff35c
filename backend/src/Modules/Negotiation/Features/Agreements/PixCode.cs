using System.Globalization;
using System.Text;
using QRCoder;
using Recovery.Negotiation.Features.Plans;

namespace Recovery.Negotiation.Features.Agreements;

/// <summary>
/// The static Pix BR Code ("Pix copia e cola") of one installment: EMV MPM fields (Manual de Padrões para Iniciação do
/// Pix, BCB) with the receiver's key, the amount and a txid, closed by CRC16-CCITT (polynomial 0x1021, initial 0xFFFF).
/// </summary>
internal static class PixCode
{
    public static string Payload(PixSettings pix, long amountCents, string txid)
    {
        var account = Field("00", "br.gov.bcb.pix") + Field("01", pix.Key.Trim());
        var body = new StringBuilder()
            .Append(Field("00", "01"))
            .Append(Field("26", account))
            .Append(Field("52", "0000"))
            .Append(Field("53", "986"))
            .Append(Field("54", (amountCents / 100m).ToString("0.00", CultureInfo.InvariantCulture)))
            .Append(Field("58", "BR"))
            .Append(Field("59", Ascii(pix.MerchantName, 25)))
            .Append(Field("60", Ascii(pix.City, 15)))
            .Append(Field("62", Field("05", txid)))
            .Append("6304")
            .ToString();
        return body + Crc16(body).ToString("X4");
    }

    /// <summary>A txid of 25 letters and digits (the static BR Code's limit), unique per installment.</summary>
    public static string NewTxid() => "RC" + Guid.NewGuid().ToString("N")[..23].ToUpperInvariant();

    public static ushort Crc16(string text)
    {
        ushort crc = 0xFFFF;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++) crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
        }
        return crc;
    }

    public static byte[] Png(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(8);
    }

    public static string Svg(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }

    private static string Field(string id, string value) => id + value.Length.ToString("D2") + value;

    /// <summary>Upper-case ASCII without accents ("São Paulo" → "SAO PAULO"), cut to the field's size.</summary>
    private static string Ascii(string text, int max)
    {
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && c < 128) sb.Append(char.ToUpperInvariant(c));
        var s = sb.ToString();
        return s.Length > max ? s[..max] : s;
    }
}
