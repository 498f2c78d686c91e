using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>Raster image formats found by magic (text-based ones are in <see cref="TextTypes"/>).</summary>
internal static class ImageTypes
{
    public static readonly DetectedType Png = new("png", "PNG image data", ContentKind.Image, "image/png");

    public static readonly DetectedType Jpeg = new("jpeg", "JPEG image data", ContentKind.Image, "image/jpeg");

    public static readonly DetectedType Gif = new("gif", "GIF image data", ContentKind.Image, "image/gif");

    public static readonly DetectedType Bmp = new("bmp", "PC bitmap (BMP)", ContentKind.Image, "image/bmp");

    public static readonly DetectedType Tiff = new("tiff", "TIFF image data", ContentKind.Image, "image/tiff");

    public static readonly DetectedType WebP = new("webp", "WebP image data", ContentKind.Image, "image/webp");

    public static readonly DetectedType Icon = new("ico", "MS Windows icon resource", ContentKind.Image, "image/vnd.microsoft.icon");

    public static readonly DetectedType Cursor = new("cur", "MS Windows cursor resource", ContentKind.Image, "image/x-win-bitmap");

    public static readonly DetectedType Psd = new("psd", "Adobe Photoshop image", ContentKind.Image, "image/vnd.adobe.photoshop");

    public static readonly DetectedType Pbm = new("pbm", "Netpbm image data (PBM)", ContentKind.Image, "image/x-portable-bitmap");

    public static readonly DetectedType Pgm = new("pgm", "Netpbm image data (PGM)", ContentKind.Image, "image/x-portable-graymap");

    public static readonly DetectedType Ppm = new("ppm", "Netpbm image data (PPM)", ContentKind.Image, "image/x-portable-pixmap");

    public static readonly DetectedType Pam = new("pam", "Netpbm image data (PAM)", ContentKind.Image, "image/x-portable-arbitrarymap");

    public static readonly DetectedType SunRaster = new("sun-raster", "Sun raster image data", ContentKind.Image, "image/x-sun-raster");

    public static readonly DetectedType Sgi = new("sgi", "SGI image data", ContentKind.Image, "image/x-sgi");

    public static readonly DetectedType OpenExr = new("exr", "OpenEXR image data", ContentKind.Image, "image/x-exr");

    public static readonly DetectedType Jpeg2000 = new("jp2", "JPEG 2000 image data", ContentKind.Image, "image/jp2");

    public static readonly DetectedType Heif = new("heif", "HEIF image data", ContentKind.Image, "image/heif");

    public static readonly DetectedType Avif = new("avif", "AVIF image data", ContentKind.Image, "image/avif");

    public static IReadOnlyList<DetectedType> All { get; } =
        [Png, Jpeg, Gif, Bmp, Tiff, WebP, Icon, Cursor, Psd, Pbm, Pgm, Ppm, Pam, SunRaster, Sgi, OpenExr, Jpeg2000, Heif, Avif];

    public static ContentProbe[] Probes { get; } = [ProbeMagic, ProbeBmp, ProbeIcon, ProbeNetpbm, ProbeSgi];

    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> SunRasterMagic => [0x59, 0xA6, 0x6A, 0x95];

    private static ReadOnlySpan<byte> OpenExrMagic => [0x76, 0x2F, 0x31, 0x01];

    private static ReadOnlySpan<byte> Jpeg2000Magic => [0x00, 0x00, 0x00, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];

    private static DetectedType? ProbeMagic(ref ContentReader content)
    {
        if (content.HasAt(0, PngMagic))
        {
            return Png;
        }

        if (content.HasAt(0, JpegMagic))
        {
            return Jpeg;
        }

        if (content.HasAt(0, "GIF87a"u8) || content.HasAt(0, "GIF89a"u8))
        {
            return Gif;
        }

        if (content.HasAt(0, "II*\0"u8) || content.HasAt(0, "MM\0*"u8) || content.HasAt(0, "II+\0"u8) || content.HasAt(0, "MM\0+"u8))
        {
            return Tiff;
        }

        if (content.HasAt(0, "RIFF"u8) && content.HasAt(8, "WEBP"u8))
        {
            return WebP;
        }

        if (content.HasAt(0, "8BPS"u8) && content.U16BE(4) is 1 or 2)
        {
            return Psd;
        }

        if (content.HasAt(0, SunRasterMagic))
        {
            return SunRaster;
        }

        if (content.HasAt(0, OpenExrMagic))
        {
            return OpenExr;
        }

        return content.HasAt(0, Jpeg2000Magic) ? Jpeg2000 : null;
    }

    /// <summary>"BM" is also how some text starts: require zero reserved fields and a known DIB header size.</summary>
    private static DetectedType? ProbeBmp(ref ContentReader content)
    {
        if (!content.HasAt(0, "BM"u8) || content.Head.Length < 18)
        {
            return null;
        }

        return content.U32LE(6) == 0 && content.U32LE(14) is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124 ? Bmp : null;
    }

    /// <summary>ICO/CUR: reserved zero, type 1 or 2, a small image count, and a sane first entry.</summary>
    private static DetectedType? ProbeIcon(ref ContentReader content)
    {
        if (content.Head.Length < 22 || content.U16LE(0) != 0)
        {
            return null;
        }

        var type = content.U16LE(2);
        var images = content.U16LE(4);
        if (type is not (1 or 2) || images is 0 or > 256)
        {
            return null;
        }

        // First entry: width, height, colours, reserved (0 or 255), planes/hotspot, bpp, size, offset.
        var reserved = content.Head[9];
        var dataOffset = content.U32LE(18);
        var sane = reserved is 0 or 255 && content.U32LE(14) > 0 && dataOffset >= 6 + (16u * images);
        return sane ? type == 1 ? Icon : Cursor : null;
    }

    /// <summary>
    /// Netpbm: "P1".."P7", then the header numbers (width, height and, but for bitmaps, the
    /// maximum value) between white space and comments; the text variants P1..P3 must then go on
    /// with digits only. A text note starting "P1 2024 plan" does not pass.
    /// </summary>
    private static DetectedType? ProbeNetpbm(ref ContentReader content)
    {
        var head = content.Head;
        if (head.Length < 3 || head[0] != 'P' || head[1] is < (byte)'1' or > (byte)'7' || !IsPnmSpace(head[2]))
        {
            return null;
        }

        if (head[1] == '7')
        {
            return head[3..].StartsWith("WIDTH"u8) || head[3..].StartsWith("#"u8) ? Pam : null;
        }

        var isBitmap = head[1] is (byte)'1' or (byte)'4';
        var position = 2;
        for (var field = 0; field < (isBitmap ? 2 : 3); field++)
        {
            position = SkipPnmSpaceAndComments(head, position);
            var digits = 0;
            while (position < head.Length && char.IsAsciiDigit((char)head[position]) && digits < 10)
            {
                position++;
                digits++;
            }

            // Each number needs a digit and a white-space end (unless the head ends there).
            if (digits == 0 || (position < head.Length && !IsPnmSpace(head[position])))
            {
                return null;
            }
        }

        if (head[1] <= '3')
        {
            var sample = head[position..Math.Min(head.Length, position + 64)];
            foreach (var b in sample)
            {
                if (!char.IsAsciiDigit((char)b) && !IsPnmSpace(b))
                {
                    return null;
                }
            }
        }

        return head[1] switch
        {
            (byte)'1' or (byte)'4' => Pbm,
            (byte)'2' or (byte)'5' => Pgm,
            _ => Ppm,
        };
    }

    private static bool IsPnmSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    private static int SkipPnmSpaceAndComments(ReadOnlySpan<byte> head, int position)
    {
        while (position < head.Length)
        {
            if (IsPnmSpace(head[position]))
            {
                position++;
            }
            else if (head[position] == '#')
            {
                var end = head[position..].IndexOfAny((byte)'\n', (byte)'\r');
                position = end < 0 ? head.Length : position + end;
            }
            else
            {
                break;
            }
        }

        return position;
    }

    /// <summary>SGI: magic 474, storage 0 or 1, 1 or 2 bytes per channel, 1 to 3 dimensions.</summary>
    private static DetectedType? ProbeSgi(ref ContentReader content)
    {
        var head = content.Head;
        return head.Length >= 12 && content.U16BE(0) == 474 && head[2] is 0 or 1 && head[3] is 1 or 2 && content.U16BE(4) is >= 1 and <= 3
            ? Sgi
            : null;
    }

    /// <summary>ISO base media brands that are still images.</summary>
    public static DetectedType? FromBrand(ReadOnlySpan<byte> brand)
    {
        if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
        {
            return Avif;
        }

        return brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8)
            || brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("heif"u8)
            ? Heif
            : null;
    }
}
