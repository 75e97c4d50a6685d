using System.Net;
using System.Net.Sockets;

namespace Ambient.Bench.Servers;

/// <summary>Starts the servers under test on free loopback ports, each with its own data directory.</summary>
internal static class ServerLauncher
{
    private const string CliPath = "src/Ambient.Cli/bin/Release/net10.0/ambient.dll";

    /// <summary>The broker as <c>ambient broker</c> runs it, from the Release build of the CLI.</summary>
    public static Task<ProcessHost> StartAmbientAsync(string cliDll, string dataDirectory, CancellationToken cancellationToken) =>
        StartAmbientAsync(cliDll, dataDirectory, [], cancellationToken);

    /// <summary>The broker with more <c>ambient broker</c> options, e.g. <c>--group-initial-rebalance-delay-ms 0</c>.</summary>
    public static Task<ProcessHost> StartAmbientAsync(string cliDll, string dataDirectory, IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        string[] arguments = [cliDll, "broker", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDirectory, .. options];
        return ProcessHost.StartAsync("Ambient broker", dotnet, arguments, port, cancellationToken);
    }

    /// <summary>
    /// redis-server with an append-only file fsynced every second and RDB snapshots off: the durable
    /// configuration a stream used as a work queue would run with.
    /// </summary>
    public static Task<ProcessHost> StartRedisAsync(string redisServer, string dataDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort();
        string[] arguments =
        [
            "--port", $"{port}", "--bind", "127.0.0.1", "--dir", dataDirectory,
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
        ];
        return ProcessHost.StartAsync("Redis Streams", redisServer, arguments, port, cancellationToken);
    }

    /// <summary>
    /// nats-server with JetStream on file storage (its default sync: the OS flushes, every 2 min at the latest), the
    /// configuration of a JetStream stream used as a durable work queue on one node.
    /// </summary>
    public static Task<ProcessHost> StartNatsAsync(string natsServer, string dataDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort();
        string[] arguments = ["-a", "127.0.0.1", "-p", $"{port}", "-js", "-sd", dataDirectory];
        return ProcessHost.StartAsync("NATS JetStream", natsServer, arguments, port, cancellationToken);
    }

    /// <summary>The default CLI build inside this repository, found by walking up to Ambient.sln.</summary>
    public static string? FindAmbientCli() => FindRepositoryFile(CliPath);

    /// <summary>A file of this repository (<paramref name="relativePath"/> from the folder of Ambient.sln), or null when it does not exist.</summary>
    public static string? FindRepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ambient.sln")))
            {
                var file = Path.Combine(directory.FullName, relativePath);
                return File.Exists(file) ? file : null;
            }
        }

        return null;
    }

    /// <summary>A file on PATH, or the path itself when it names an existing file.</summary>
    public static string? FindExecutable(string name)
    {
        if (name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
