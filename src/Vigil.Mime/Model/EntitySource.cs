namespace Vigil.Mime.Model;

/// <summary>Where an entity came from.</summary>
public enum EntitySource
{
    /// <summary>The message itself or a message/rfc822 part.</summary>
    Message,

    /// <summary>A MIME part (multipart container or leaf).</summary>
    MimePart,

    /// <summary>A uuencoded block found inside a text body.</summary>
    Uuencode,

    /// <summary>A BinHex 4.0 block found inside a body.</summary>
    BinHex,

    /// <summary>A yEnc block found inside a body.</summary>
    YEnc,

    /// <summary>An attachment inside a TNEF (winmail.dat) stream.</summary>
    Tnef,

    /// <summary>A member of an archive (zip, tar, gzip, rar...).</summary>
    Archive,
}
