using System.Text;

namespace Vigil.Mime.Tnef;

/// <summary>Everything read from one TNEF stream (the top one or an attached message).</summary>
internal sealed class TnefMessage
{
    public List<TnefAttachment> Attachments { get; } = [];

    public List<TnefBody> Bodies { get; } = [];

    /// <summary>Code page of 8-bit strings (attOemCodepage); Windows-1252 until the stream says otherwise.</summary>
    public Encoding Encoding { get; set; } = TnefText.DefaultEncoding;

    /// <summary>What was wrong with the stream, in the order seen (empty when sound).</summary>
    public List<string> Problems { get; } = [];
}
