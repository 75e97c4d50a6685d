using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// docker-compose.yml's services as containers here. What compose itself would resolve is resolved the same way
/// (<c>${VAR:-default}</c> takes its default, bind mounts map to the repository's directories); only what cannot
/// exist here is replaced, each named: the <c>kafka</c> service by the test's broker, <c>apicurio-registry</c> by the
/// test's registry, and the container ports by free ports on 127.0.0.1.
/// </summary>
internal static partial class ComposeContainers
{
    private const string KafkaAddress = "kafka:19092";
    private const string RegistryVariable = "Ambient__SchemaRegistry__Url";

    /// <summary>The Ambient services a plain <c>docker compose up</c> starts (no profile), one-shot jobs first.</summary>
    public static IReadOnlyList<string> AmbientServices =>
    [
        .. ComposeFile.Services
            .Where(s => !ComposeFile.Profiles(s.Value!.AsObject()).Any() && s.Value!["build"] is not null)
            .OrderBy(s => s.Value!["restart"]?.GetValue<string>() == "no" ? 0 : 1)
            .Select(s => s.Key),
    ];

    /// <summary>The Dockerfile compose builds <paramref name="service"/>'s image from.</summary>
    public static string DockerfileOf(string service) => ComposeFile.Service(service)["build"]!["dockerfile"]!.GetValue<string>();

    /// <summary>
    /// <paramref name="service"/> resolved for this machine, with a free port for its probes, picked now: call it just
    /// before starting the service, so no other process of the test run has taken the port meanwhile.
    /// </summary>
    public static ContainerSpec For(string service, string bootstrap, string? registryUrl)
    {
        var definition = ComposeFile.Service(service);
        var environment = new Dictionary<string, string>();
        int? httpPort = null;
        foreach (var (name, node) in ComposeFile.Environment(definition))
        {
            var value = Resolve(node?.ToString() ?? "").Replace(KafkaAddress, bootstrap, StringComparison.Ordinal);
            if (name is "ASPNETCORE_HTTP_PORTS" or "Ambient__Worker__Health__Port" or "Ambient__Executors__Health__Port")
            {
                httpPort = FreePort();
                value = httpPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name == RegistryVariable)
            {
                if (registryUrl is null)
                {
                    continue;
                }

                value = registryUrl;
            }

            environment[name] = value;
        }

        var arguments = (definition["command"] as JsonArray ?? []).Select(a => a!.GetValue<string>().Replace(KafkaAddress, bootstrap, StringComparison.Ordinal)).ToList();
        var mounts = new Dictionary<string, string>();
        foreach (var volume in (definition["volumes"] as JsonArray ?? []).Select(v => v!.GetValue<string>()))
        {
            var parts = volume.Split(':');
            if (parts[0].StartsWith("./", StringComparison.Ordinal))
            {
                mounts[parts[1]] = RepositoryFiles.PathOf(parts[0][2..]);
            }
        }

        return new ContainerSpec(service, DockerfileOf(service), environment, arguments, mounts, httpPort);
    }

    /// <summary>Compose interpolation with the variable unset: <c>${VAR:-default}</c> is its default, <c>${VAR}</c> empty.</summary>
    private static string Resolve(string value) => Interpolation().Replace(value, match => match.Groups["default"].Value);

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-(?<default>[^}]*))?\}")]
    private static partial Regex Interpolation();
}
