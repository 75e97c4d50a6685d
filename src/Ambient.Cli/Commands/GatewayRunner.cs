using System.Net;
using System.Security.Cryptography;
using Ambient.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;

namespace Ambient.Cli.Commands;

/// <summary>
/// The gateway for <c>ambient up</c>: on 127.0.0.1 only, with development secrets made up at each start and printed,
/// unless the usual environment variables (<c>Ambient__Gateway__GitHub__Secret</c>, ...) give them.
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

    private GatewayRunner(WebApplication app, Dictionary<string, string?> settings, int port)
    {
        App = app;
        _settings = settings;
        Port = port;
    }

    public WebApplication App { get; }

    public int Port { get; }

    /// <summary>Starts the gateway, or reports why it cannot and returns the exit code.</summary>
    public static async Task<(GatewayRunner? Gateway, int ExitCode)> TryStartAsync(string bootstrapServers, int port, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ambient:Kafka:BootstrapServers"] = bootstrapServers,
            // External A2A clients can ask the local agents (behind the publish token, like /v1/events).
            ["Ambient:Gateway:A2a:Enabled"] = "true",
        };
        foreach (var (key, _) in s_secrets)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal))))
            {
                settings[key] = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            }
        }

        var app = GatewayApplication.Create($"http://{IPAddress.Loopback}:{port}", settings);
        try
        {
            await app.StartAsync(cancellationToken);
            return (new GatewayRunner(app, settings, port), ExitCodes.Success);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await app.DisposeAsync();
            await Console.Error.WriteLineAsync($"error: 127.0.0.1:{port} is already in use. Is another gateway running? Choose another port with --http-port.");
            return (null, ExitCodes.AddressInUse);
        }
    }

    public void Announce(TextWriter output)
    {
        output.WriteLine($"  gateway  http://127.0.0.1:{Port}   POST /webhooks/github, /webhooks/slack, /webhooks/slack/interactions, /webhooks/alertmanager, /v1/events/{{topic}}, /a2a/{{agent}}");
        foreach (var (key, label) in s_secrets)
        {
            var shown = _settings.TryGetValue(key, out var secret) ? $"{secret}   (development only, new at each start)" : $"from ${key.Replace(":", "__", StringComparison.Ordinal)}";
            output.WriteLine($"           {label,-28} {shown}");
        }
    }
}
