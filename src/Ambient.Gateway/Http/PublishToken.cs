namespace Ambient.Gateway.Http;

/// <summary>A configured publish token: its name (the <c>publish:&lt;name&gt;</c> ingress) and the topics it may write.</summary>
internal sealed record PublishToken(string Name, string Secret, IReadOnlySet<string> Topics);
