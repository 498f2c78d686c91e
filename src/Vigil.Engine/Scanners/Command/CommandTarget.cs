namespace Vigil.Engine.Scanners.Command;

/// <summary>What a command scanner is given for one message.</summary>
public enum CommandTarget
{
    /// <summary>The raw message, once (QHPSI): the scanner decodes MIME itself.</summary>
    Raw,

    /// <summary>Each decoded leaf, one run per leaf.</summary>
    Entities,

    /// <summary>The raw message, plus each decoded leaf it would not see byte for byte in it.</summary>
    Both,
}
