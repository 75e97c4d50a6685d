using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Configuration;

/// <summary>Checks <see cref="GatewayOptions"/> at start, naming the full configuration path; never prints a secret.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const string Section = GatewayOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        RequireSecret(failures, options.GitHub.Enabled, options.GitHub.Secret, "GitHub:Secret", "GitHub");
        RequireSecret(failures, options.Slack.Enabled, options.Slack.SigningSecret, "Slack:SigningSecret", "Slack");
        RequireSecret(failures, options.Alertmanager.Enabled, options.Alertmanager.Token, "Alertmanager:Token", "Alertmanager");
        var anyPublishToken = !string.IsNullOrWhiteSpace(options.PublishToken) || options.PublishTokens.Values.Any(token => !string.IsNullOrWhiteSpace(token.Token));
        RequirePublishToken(failures, options.Generic.Enabled && !anyPublishToken, "the generic endpoint (Generic:Enabled)");
        RequirePublishToken(failures, options.A2a.Enabled && !anyPublishToken, "the A2A bridge (A2a:Enabled)");
        ValidatePublishTokens(failures, options);
        foreach (var (source, limits) in new (string, SourceOptions)[] { ("GitHub", options.GitHub), ("Slack", options.Slack), ("Alertmanager", options.Alertmanager), ("Generic", options.Generic) })
        {
            if (limits.PermitsPerSecond < 1 || limits.Burst < 1)
            {
                failures.Add($"{Section}:{source}:PermitsPerSecond and Burst must be at least 1, not {limits.PermitsPerSecond} and {limits.Burst}.");
            }
        }

        Positive(failures, options.RequestTimeout, "RequestTimeout");
        Positive(failures, options.PublishTimeout, "PublishTimeout");
        Positive(failures, options.RetryAfter, "RetryAfter");
        Positive(failures, options.Slack.AnswerWithin, "Slack:AnswerWithin");
        Positive(failures, options.Slack.MaxClockSkew, "Slack:MaxClockSkew");
        Positive(failures, options.Deduplication.Window, "Deduplication:Window");
        if (options.A2a.Enabled)
        {
            ValidateA2a(failures, options.A2a);
        }

        if (options.MaxBodyBytes < 1)
        {
            failures.Add($"{Section}:MaxBodyBytes must be positive, not {options.MaxBodyBytes}.");
        }

        ValidateClients(failures, options);
        if (options.Deduplication.Capacity < 1)
        {
            failures.Add($"{Section}:Deduplication:Capacity must be positive, not {options.Deduplication.Capacity}.");
        }

        if (string.IsNullOrWhiteSpace(options.UnroutedTopic))
        {
            failures.Add($"{Section}:UnroutedTopic is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateClients(List<string> failures, GatewayOptions options)
    {
        var clients = options.Clients;
        if (clients.FailedAuthPerSecond < 1 || clients.FailedAuthBurst < 1)
        {
            failures.Add($"{Section}:Clients:FailedAuthPerSecond and FailedAuthBurst must be at least 1, not {clients.FailedAuthPerSecond} and {clients.FailedAuthBurst}.");
        }

        // One largest body must fit in a client's share, and a client's share in the whole budget.
        if (clients.MaxInFlightBodyBytes < options.MaxBodyBytes)
        {
            failures.Add($"{Section}:Clients:MaxInFlightBodyBytes ({clients.MaxInFlightBodyBytes}) must be at least {Section}:MaxBodyBytes ({options.MaxBodyBytes}).");
        }

        if (options.MaxInFlightBodyBytes < clients.MaxInFlightBodyBytes)
        {
            failures.Add($"{Section}:MaxInFlightBodyBytes ({options.MaxInFlightBodyBytes}) must be at least {Section}:Clients:MaxInFlightBodyBytes ({clients.MaxInFlightBodyBytes}).");
        }

        foreach (var proxy in clients.TrustedProxies)
        {
            if (!Http.ClientAddresses.TryParseNetwork(proxy, out _))
            {
                failures.Add($"{Section}:Clients:TrustedProxies has '{proxy}', which is neither an IP address nor a CIDR range such as 10.0.0.0/8.");
            }
        }
    }

    private static void ValidateA2a(List<string> failures, A2aGatewayOptions a2a)
    {
        Positive(failures, a2a.Timeout, "A2a:Timeout");
        if (a2a.MaxBodyBytes < 1)
        {
            failures.Add($"{Section}:A2a:MaxBodyBytes must be positive, not {a2a.MaxBodyBytes}.");
        }

        if (a2a.TaskCapacity < 1)
        {
            failures.Add($"{Section}:A2a:TaskCapacity must be positive, not {a2a.TaskCapacity}.");
        }

        if (a2a.PublicUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http")))
        {
            failures.Add($"{Section}:A2a:PublicUrl must be an absolute http(s) URL, not '{url}'.");
        }
    }

    private static void RequirePublishToken(List<string> failures, bool missing, string what)
    {
        if (missing)
        {
            failures.Add($"{Section}:PublishToken is required while {what} is enabled (set it or {Section}:PublishTokenFile, or name tokens under {Section}:PublishTokens:<name>:Token, or disable it).");
        }
    }

    private static void ValidatePublishTokens(List<string> failures, GatewayOptions options)
    {
        if (options.AllowedTopics.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Section}:AllowedTopics has an empty entry.");
        }

        foreach (var (name, token) in options.PublishTokens)
        {
            // The name becomes the ingress publish:<name> in a Kafka header and in agents' subscriptions.
            if (name.Length is 0 or > 64 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.') || name == Http.PublishTokens.DefaultName)
            {
                failures.Add($"{Section}:PublishTokens:{name} must be named with 1 to 64 lowercase letters, digits, '-', '_' or '.', and not '{Http.PublishTokens.DefaultName}' (that is {Section}:PublishToken).");
            }

            if (string.IsNullOrWhiteSpace(token.Token))
            {
                failures.Add($"{Section}:PublishTokens:{name}:Token is required (or {Section}:PublishTokens:{name}:TokenFile).");
            }

            if (token.Topics.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{Section}:PublishTokens:{name}:Topics has an empty entry.");
            }
        }
    }

    private static void RequireSecret(List<string> failures, bool enabled, string? secret, string key, string what)
    {
        if (enabled && string.IsNullOrWhiteSpace(secret))
        {
            failures.Add($"{Section}:{key} is required while {what} is enabled (set it, or {Section}:{key}File, or disable the source).");
        }
    }

    private static void Positive(List<string> failures, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} must be positive, not {value}.");
        }
    }
}
