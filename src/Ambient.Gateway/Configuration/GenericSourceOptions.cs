namespace Ambient.Gateway.Configuration;

/// <summary><c>Ambient:Gateway:Generic</c>; its token is <c>Ambient:Gateway:PublishToken</c> and its topics <c>Ambient:Gateway:AllowedTopics</c>.</summary>
public sealed class GenericSourceOptions : SourceOptions
{
}
