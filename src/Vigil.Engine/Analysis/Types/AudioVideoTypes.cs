using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>Sound and video containers and streams.</summary>
internal static class AudioVideoTypes
{
    public static readonly DetectedType Wav = new("wav", "RIFF (little-endian) data, WAVE audio", ContentKind.Audio, "audio/wav");

    public static readonly DetectedType Aiff = new("aiff", "IFF data, AIFF audio", ContentKind.Audio, "audio/aiff");

    public static readonly DetectedType Aifc = new("aifc", "IFF data, AIFF-C compressed audio", ContentKind.Audio, "audio/aiff");

    public static readonly DetectedType Au = new("au", "Sun/NeXT audio data", ContentKind.Audio, "audio/basic");

    public static readonly DetectedType Mp3WithTag = new("mp3", "Audio file with ID3 tag (MPEG audio)", ContentKind.Audio, "audio/mpeg");

    public static readonly DetectedType Mp3 = new("mp3", "MPEG ADTS audio (MP3)", ContentKind.Audio, "audio/mpeg");

    public static readonly DetectedType Ogg = new("ogg", "Ogg data, audio", ContentKind.Audio, "audio/ogg");

    public static readonly DetectedType OggVideo = new("ogv", "Ogg data, Theora video", ContentKind.Video, "video/ogg");

    public static readonly DetectedType Flac = new("flac", "FLAC audio data", ContentKind.Audio, "audio/flac");

    public static readonly DetectedType Midi = new("midi", "Standard MIDI data", ContentKind.Audio, "audio/midi");

    public static readonly DetectedType M4a = new("m4a", "ISO Media, MPEG-4 audio", ContentKind.Audio, "audio/mp4");

    public static readonly DetectedType Amr = new("amr", "Adaptive Multi-Rate audio (AMR)", ContentKind.Audio, "audio/amr");

    public static readonly DetectedType Mp4 = new("mp4", "ISO Media, MPEG-4 video", ContentKind.Video, "video/mp4");

    public static readonly DetectedType QuickTime = new("mov", "ISO Media, Apple QuickTime movie", ContentKind.Video, "video/quicktime");

    public static readonly DetectedType ThreeGpp = new("3gp", "ISO Media, 3GPP multimedia", ContentKind.Video, "video/3gpp");

    public static readonly DetectedType Avi = new("avi", "RIFF (little-endian) data, AVI video", ContentKind.Video, "video/x-msvideo");

    public static readonly DetectedType Matroska = new("mkv", "Matroska data", ContentKind.Video, "video/x-matroska");

    public static readonly DetectedType WebM = new("webm", "WebM data", ContentKind.Video, "video/webm");

    public static readonly DetectedType Mpeg = new("mpeg", "MPEG video stream data", ContentKind.Video, "video/mpeg");

    public static readonly DetectedType MpegTransport = new("mpeg-ts", "MPEG transport stream data", ContentKind.Video, "video/mp2t");

    public static readonly DetectedType Flv = new("flv", "Macromedia Flash Video", ContentKind.Video, "video/x-flv");

    public static readonly DetectedType Asf = new("asf", "Microsoft ASF (WMV/WMA)", ContentKind.Video, "video/x-ms-asf");

    public static readonly DetectedType RealMedia = new("rm", "RealMedia file", ContentKind.Video, "application/vnd.rn-realmedia");

    public static IReadOnlyList<DetectedType> All { get; } =
        [Wav, Aiff, Aifc, Au, Mp3WithTag, Mp3, Ogg, OggVideo, Flac, Midi, M4a, Amr, Mp4, QuickTime, ThreeGpp, Avi, Matroska, WebM, Mpeg, MpegTransport, Flv, Asf, RealMedia];

    public static ContentProbe[] Probes { get; } = [ProbeContainers, ProbeIsoMedia, ProbeOgg, ProbeMatroska, ProbeMpegStreams, ProbeMpegAudio];

    private static ReadOnlySpan<byte> AsfMagic => [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C];

    private static ReadOnlySpan<byte> TheoraHeader => [0x80, (byte)'t', (byte)'h', (byte)'e', (byte)'o', (byte)'r', (byte)'a'];

    private static ReadOnlySpan<byte> EbmlMagic => [0x1A, 0x45, 0xDF, 0xA3];

    private static ReadOnlySpan<byte> MpegPackMagic => [0x00, 0x00, 0x01, 0xBA];

    private static ReadOnlySpan<byte> MpegSequenceMagic => [0x00, 0x00, 0x01, 0xB3];

    // Kilobits per second by [version is MPEG-1][layer 1..3][index].
    private static ReadOnlySpan<short> Mpeg1Bitrates =>
    [
        0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
        0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];

    private static ReadOnlySpan<short> Mpeg2Bitrates =>
    [
        0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
        0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160,
        0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160,
    ];

    private static DetectedType? ProbeContainers(ref ContentReader content)
    {
        if (content.HasAt(0, "RIFF"u8))
        {
            if (content.HasAt(8, "WAVE"u8))
            {
                return Wav;
            }

            if (content.HasAt(8, "AVI "u8))
            {
                return Avi;
            }

            return content.HasAt(8, "RMID"u8) ? Midi : null;
        }

        if (content.HasAt(0, "FORM"u8))
        {
            if (content.HasAt(8, "AIFF"u8))
            {
                return Aiff;
            }

            return content.HasAt(8, "AIFC"u8) ? Aifc : null;
        }

        if (content.HasAt(0, ".snd"u8) || content.HasAt(0, "dns."u8))
        {
            return Au;
        }

        if (content.HasAt(0, "fLaC"u8))
        {
            return Flac;
        }

        if (content.HasAt(0, "MThd"u8) && (content.Head.Length < 8 || content.U32BE(4) == 6))
        {
            return Midi;
        }

        if (content.HasAt(0, "#!AMR"u8))
        {
            return Amr;
        }

        if (content.HasAt(0, "FLV\x01"u8))
        {
            return Flv;
        }

        if (content.HasAt(0, AsfMagic))
        {
            return Asf;
        }

        if (content.HasAt(0, ".RMF"u8))
        {
            return RealMedia;
        }

        // ID3v2 tag: version 2 to 4 and a syncsafe size.
        var head = content.Head;
        return content.HasAt(0, "ID3"u8) && head.Length >= 10 && head[3] is >= 2 and <= 4
            && (head[6] | head[7] | head[8] | head[9]) < 0x80
            ? Mp3WithTag
            : null;
    }

    /// <summary>ISO base media ("ftyp" box) and classic QuickTime atoms; the major brand picks the type.</summary>
    private static DetectedType? ProbeIsoMedia(ref ContentReader content)
    {
        var boxSize = content.U32BE(0);
        if (content.HasAt(4, "ftyp"u8) && boxSize is >= 8 and <= 4096 && content.Head.Length >= 12)
        {
            var brand = content.Head.Slice(8, 4);
            if (ImageTypes.FromBrand(brand) is { } image)
            {
                return image;
            }

            if (brand.SequenceEqual("qt  "u8))
            {
                return QuickTime;
            }

            if (brand.SequenceEqual("M4A "u8) || brand.SequenceEqual("M4B "u8) || brand.SequenceEqual("M4P "u8))
            {
                return M4a;
            }

            return brand.StartsWith("3gp"u8) || brand.StartsWith("3g2"u8) ? ThreeGpp : Mp4;
        }

        var isQuickTimeAtom = content.HasAt(4, "moov"u8) || content.HasAt(4, "mdat"u8) || content.HasAt(4, "wide"u8) || content.HasAt(4, "pnot"u8);
        return isQuickTimeAtom && boxSize >= 8 && boxSize <= content.Length ? QuickTime : null;
    }

    private static DetectedType? ProbeOgg(ref ContentReader content)
    {
        if (!content.HasAt(0, "OggS"u8))
        {
            return null;
        }

        // The first packet starts after the 27-byte page header and its segment table.
        var head = content.Head;
        var packet = head.Length > 26 ? 27 + head[26] : int.MaxValue;
        return content.HasAt(packet, TheoraHeader) ? OggVideo : Ogg;
    }

    private static DetectedType? ProbeMatroska(ref ContentReader content)
    {
        if (!content.HasAt(0, EbmlMagic))
        {
            return null;
        }

        var header = content.Head[..Math.Min(content.Head.Length, 64)];
        return header.IndexOf("webm"u8) >= 0 ? WebM : Matroska;
    }

    /// <summary>MPEG program or elementary video stream, or a transport stream (sync byte every 188 bytes, four times).</summary>
    private static DetectedType? ProbeMpegStreams(ref ContentReader content)
    {
        if (content.HasAt(0, MpegPackMagic) || content.HasAt(0, MpegSequenceMagic))
        {
            return Mpeg;
        }

        var head = content.Head;
        if (head.Length < (188 * 3) + 1 || head[0] != 0x47)
        {
            return null;
        }

        return head[188] == 0x47 && head[188 * 2] == 0x47 && head[188 * 3] == 0x47 ? MpegTransport : null;
    }

    /// <summary>
    /// MPEG audio without a tag: a valid frame header at 0 and another exactly one frame later, so
    /// that binary data starting with FF Ex is not taken for sound.
    /// </summary>
    private static DetectedType? ProbeMpegAudio(ref ContentReader content)
    {
        var head = content.Head;
        var first = FrameLength(head);
        if (first <= 0 || first + 4 > head.Length)
        {
            return null;
        }

        var second = head[first..];
        return FrameLength(second) > 0 && (second[1] & 0xFE) == (head[1] & 0xFE) && (second[2] & 0x0C) == (head[2] & 0x0C) ? Mp3 : null;
    }

    /// <summary>The length of the MPEG audio frame whose header starts <paramref name="frame"/>, or 0 when it is not one.</summary>
    private static int FrameLength(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 4 || frame[0] != 0xFF || (frame[1] & 0xE0) != 0xE0)
        {
            return 0;
        }

        var version = (frame[1] >> 3) & 3;
        var layer = (frame[1] >> 1) & 3;
        var bitrateIndex = frame[2] >> 4;
        var rateIndex = (frame[2] >> 2) & 3;
        if (version == 1 || layer == 0 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return 0;
        }

        var layerNumber = 4 - layer;
        var mpeg1 = version == 3;
        var table = mpeg1 ? Mpeg1Bitrates : Mpeg2Bitrates;
        var bitrate = table[((layerNumber - 1) * 15) + bitrateIndex] * 1000;
        int sampleRate = rateIndex switch { 0 => 44100, 1 => 48000, _ => 32000 };
        sampleRate = version switch { 3 => sampleRate, 2 => sampleRate / 2, _ => sampleRate / 4 };
        var padding = (frame[2] >> 1) & 1;
        return layerNumber switch
        {
            1 => ((12 * bitrate / sampleRate) + padding) * 4,
            2 => (144 * bitrate / sampleRate) + padding,
            _ => ((mpeg1 ? 144 : 72) * bitrate / sampleRate) + padding,
        };
    }
}
