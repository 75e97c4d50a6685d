using System.Net;
using System.Security.Cryptography;
using Ambient.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;

namespace Ambient.Cli.Commands;

/// <summary>
/// The gateway for <c>ambient up</c> and <c>ambient gateway</c>. On a loopback address, secrets the usual environment
/// variables (<c>Ambient__Gateway__GitHub__Secret</c>, ...) do not give are made up at each start and printed; on any
/// other address every secret must be given, so nothing reachable from elsewhere runs with a secret printed to a console.
/// </summary>
internal sealed class GatewayRunner
{
    private static readonly (string Key, string Label)[] s_secrets =
    [
        ("Ambient:Gateway:GitHub:Secret", "GitHub webhook secret"),
        ("Ambient:Gateway:Slack:SigningSecret", "Slack signing secret"),
        ("Ambient:Gateway:Alertmanager:Token", "Alertmanager bearer token"),
        ("Ambient:Gateway:PublishToken", "publish token (/v1/events, /a2a)"),
    ];

    private readonly Dictionary<string, string?> _settings;

    private GatewayRunner(WebApplication app, Dictionary<string, string?> settings, IPEndPoint listen)
    {
        App = app;
        _settings = settings;
        Listen = listen;
    }

    public WebApplication App { get; }

    public IPEndPoint Listen { get; }

    /// <summary>Starts the gateway, or reports why it cannot and returns the exit code.</summary>
    /// <param name="bootstrapServers">Kafka to write to.</param>
    /// <param name="listen">Where to listen.</param>
    /// <param name="kafkaSettings">More settings, e.g. the gateway's own Kafka credentials (<c>ambient up --secure</c>).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<(GatewayRunner? Gateway, int ExitCode)> TryStartAsync(string bootstrapServers, IPEndPoint listen,
        IReadOnlyDictionary<string, string?>? kafkaSettings, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ambient:Kafka:BootstrapServers"] = bootstrapServers,
            // External A2A clients can ask the local agents (behind the publish token, like /v1/events).
            ["Ambient:Gateway:A2a:Enabled"] = "true",
        };
        foreach (var (key, value) in kafkaSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var missing = new List<string>();
        foreach (var (key, _) in s_secrets)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable(key))))
            {
                if (!IPAddress.IsLoopback(listen.Address))
                {
                    missing.Add(EnvironmentVariable(key));
                    continue;
                }

                settings[key] = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            }
        }

        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: listening on {listen}, which is not a loopback address, needs every secret from the environment; missing: {string.Join(", ", missing)}.");
            return (null, ExitCodes.InvalidArguments);
        }

        var url = listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"http://[{listen.Address}]:{listen.Port}" : $"http://{listen.Address}:{listen.Port}";
        WebApplication app;
        try
        {
            app = GatewayApplication.Create(url, settings);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return (null, ExitCodes.InvalidArguments);
        }

        try
        {
            await app.StartAsync(cancellationToken);
            return (new GatewayRunner(app, settings, listen), ExitCodes.Success);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await app.DisposeAsync();
            await Console.Error.WriteLineAsync($"error: {listen} is already in use. Is another gateway running? Choose another port with --http-port (ambient up) or --listen (ambient gateway).");
            return (null, ExitCodes.AddressInUse);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await app.DisposeAsync();
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return (null, ExitCodes.InvalidArguments);
        }
    }

    private static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    public void Announce(TextWriter output)
    {
        output.WriteLine($"  gateway  http://{Listen}   POST /webhooks/github, /webhooks/slack, /webhooks/slack/interactions, /webhooks/alertmanager, /v1/events/{{topic}}, /a2a/{{agent}}");
        foreach (var (key, label) in s_secrets)
        {
            var shown = _settings.TryGetValue(key, out var secret) ? $"{secret}   (development only, new at each start)" : $"from ${EnvironmentVariable(key)}";
            output.WriteLine($"           {label,-28} {shown}");
        }
    }
}
