namespace Vigil.Server.Local;

/// <summary>Whether the daemon answered the request; anything but <see cref="Answered"/> makes the door judge the message itself.</summary>
public enum LocalReplyStatus : byte
{
    /// <summary>The engine ran; the reply carries its outcome.</summary>
    Answered = 0,

    /// <summary>The daemon serves another control directory or other --clamd scanners: its verdict could differ.</summary>
    NotThisPolicy = 1,

    /// <summary>The request broke the protocol (the reply says how).</summary>
    BadRequest = 2,
}
