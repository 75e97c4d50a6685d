using Ambient.Kafka.Lag;

namespace Ambient.Supervisor.Security;

/// <summary>Who may use the console, bound from <c>Ambient:Console</c>.</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Console";

    /// <summary>Shortest token accepted: a guessable token would open every action to whoever reaches the port.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>The operator's token (<c>Ambient__Console__Token</c>): signs in with every action allowed. Required.</summary>
    public string? Token { get; set; }

    /// <summary>A token that signs in read-only: every page, no action. Optional.</summary>
    public string? ReadOnlyToken { get; set; }

    /// <summary>
    /// Where a run's trace is shown, with <c>{traceId}</c> in place of its id: Jaeger's
    /// <c>http://jaeger:16686/trace/{traceId}</c>, or Grafana's explore URL for Tempo. Optional: without it a run shows its
    /// trace id, not a link.
    /// </summary>
    public string? TraceUrl { get; set; }

    /// <summary>Sign-in through an OpenID Connect provider, beside the tokens; off unless configured.</summary>
    public ConsoleOidcOptions Oidc { get; set; } = new();

    /// <summary>How often the overview samples each agent's consumer-group lag (default 30 s, at least 1 s).</summary>
    public TimeSpan LagInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The KEDA Kafka scaler settings the overview's replica estimate uses, as <c>ambient scale</c> takes them: set them to
    /// your ScaledObjects' (the shipped ones: lagThreshold 20, offsetResetPolicy earliest, maxReplicaCount 6).
    /// </summary>
    public KafkaScalerSettings Scaler { get; set; } = new() { LagThreshold = 20, OffsetResetPolicy = OffsetResetPolicy.Earliest, MaxReplicas = 6 };

    /// <summary><see cref="TraceUrl"/> for <paramref name="traceId"/>, or null when none is configured.</summary>
    public string? TraceLink(string traceId) => TraceUrl?.Replace(TraceIdPlaceholder, Uri.EscapeDataString(traceId), StringComparison.Ordinal);

    private const string TraceIdPlaceholder = "{traceId}";

    /// <summary>What is wrong with these settings, one line each, naming the key.</summary>
    public IEnumerable<string> Problems()
    {
        if (LagInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{SectionName}:LagInterval must be at least 00:00:01; it is {LagInterval}.";
        }

        foreach (var problem in Oidc.Problems($"{SectionName}:Oidc"))
        {
            yield return problem;
        }

        foreach (var problem in Scaler.Problems())
        {
            yield return $"{SectionName}:Scaler: {problem}";
        }

        if (string.IsNullOrWhiteSpace(Token) || Token.Trim().Length < MinimumTokenLength)
        {
            yield return $"{SectionName}:Token must be set to at least {MinimumTokenLength} characters (Ambient__Console__Token); `ambient up` generates one and prints it.";
        }

        if (ReadOnlyToken is { } readOnly && (readOnly.Trim().Length < MinimumTokenLength || readOnly == Token))
        {
            yield return $"{SectionName}:ReadOnlyToken must be at least {MinimumTokenLength} characters and differ from {SectionName}:Token.";
        }

        if (TraceUrl is { } url && (!url.Contains(TraceIdPlaceholder, StringComparison.Ordinal)
            || !Uri.TryCreate(url.Replace(TraceIdPlaceholder, "0", StringComparison.Ordinal), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")))
        {
            yield return $"{SectionName}:TraceUrl must be an http(s) address with {TraceIdPlaceholder} in it, e.g. http://jaeger:16686/trace/{TraceIdPlaceholder}; it is '{url}'.";
        }
    }
}
