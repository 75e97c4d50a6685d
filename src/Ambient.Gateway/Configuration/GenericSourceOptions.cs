namespace Ambient.Gateway.Configuration;

/// <summary>
/// <c>Ambient:Gateway:Generic</c>: the <c>/v1/events</c> endpoint. Its tokens are <c>Ambient:Gateway:PublishToken</c> (named
/// <c>default</c>, topics <c>Ambient:Gateway:AllowedTopics</c>) and <c>Ambient:Gateway:PublishTokens:&lt;name&gt;</c>.
/// </summary>
public sealed class GenericSourceOptions : SourceOptions
{
}
