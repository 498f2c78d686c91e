using System.Text;
using Vigil.Mime.Model;

namespace Vigil.Mime.Parsing;

/// <summary>An open multipart: its boundary, its parts so far and whether its close delimiter was seen.</summary>
internal sealed class MultipartFrame
{
    public MultipartFrame(Entity entity, string boundary, int depth)
    {
        Entity = entity;
        Boundary = Encoding.Latin1.GetBytes(boundary);
        Depth = depth;
    }

    public Entity Entity { get; }

    public byte[] Boundary { get; }

    /// <summary>MIME depth of the multipart entity itself.</summary>
    public int Depth { get; }

    public int Parts { get; set; }

    /// <summary>The close delimiter was seen: its boundary no longer matches, outer ones still do.</summary>
    public bool Closed { get; set; }

    /// <summary>The text before the first boundary, kept only while no part has been found.</summary>
    public LeafSink? Preamble { get; set; }

    public Entity? PreambleEntity { get; set; }
}
