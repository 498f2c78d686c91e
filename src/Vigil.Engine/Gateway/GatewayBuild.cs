namespace Vigil.Engine.Gateway;

/// <summary>A gateway, or why none could be built (every error as `file:line: text`).</summary>
public sealed record GatewayBuild(MailGateway? Gateway, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Gateway is not null;
}
