namespace Vigil.Server.Relay;

/// <summary>STARTTLS towards a next hop: a route's `tls=` word in smtproutes, or `relaytls=` in `serve` for all routes.</summary>
public enum RelayTls
{
    /// <summary>Opportunistic (Postfix's `may`): STARTTLS when the next hop offers it, the certificate not verified; clear text when not offered or the handshake fails.</summary>
    May,

    /// <summary>Encryption required (Postfix's `encrypt`): no STARTTLS or a failed handshake is 451, the certificate not verified.</summary>
    Require,

    /// <summary>Never STARTTLS to this next hop.</summary>
    No,
}
