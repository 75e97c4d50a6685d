using Ambient.Kafka.Topics;
using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Http;

/// <summary>
/// Every publish token: <c>PublishToken</c> (named <see cref="DefaultName"/>, topics <c>AllowedTopics</c>) and each of
/// <c>PublishTokens</c>. A token without topics may publish to the custom events topic only.
/// </summary>
internal sealed class PublishTokens
{
    public const string DefaultName = "default";

    public PublishTokens(IOptions<GatewayOptions> options, IOptions<AmbientTopics> topics)
    {
        var gateway = options.Value;
        var all = new List<PublishToken>();
        if (!string.IsNullOrEmpty(gateway.PublishToken))
        {
            all.Add(new PublishToken(DefaultName, gateway.PublishToken, Scope(gateway.AllowedTopics, topics.Value)));
        }

        foreach (var (name, token) in gateway.PublishTokens.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!string.IsNullOrEmpty(token.Token))
            {
                all.Add(new PublishToken(name, token.Token, Scope(token.Topics, topics.Value)));
            }
        }

        All = all;
    }

    public IReadOnlyList<PublishToken> All { get; }

    /// <summary>The token <paramref name="given"/> is, or null. Every token is compared, in constant time, so timing tells nothing.</summary>
    public PublishToken? Match(string given)
    {
        PublishToken? match = null;
        foreach (var token in All)
        {
            if (Secrets.TokenEquals(token.Secret, given))
            {
                match ??= token;
            }
        }

        return match;
    }

    private static HashSet<string> Scope(string[] configured, AmbientTopics topics) =>
        configured is { Length: > 0 } ? configured.ToHashSet(StringComparer.Ordinal) : new HashSet<string>([topics.CustomEvents], StringComparer.Ordinal);
}
