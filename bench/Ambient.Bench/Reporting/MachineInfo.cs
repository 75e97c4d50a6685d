using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using StackExchange.Redis;

namespace Ambient.Bench.Reporting;

/// <summary>What the numbers were measured on: hardware, OS, runtime and client library versions.</summary>
internal static class MachineInfo
{
    public static IReadOnlyList<(string Name, string Value)> Describe(string? redisVersion, string? natsVersion = null) =>
    [
        ("CPU", $"{Environment.ProcessorCount} logical cores, {ProcValue("/proc/cpuinfo", "model name") ?? "unknown model"}"),
        ("memory", MemoryGiB()),
        ("OS", $"{OsRelease()}, kernel {Kernel()}"),
        (".NET runtime", RuntimeInformation.FrameworkDescription),
        ("Kafka client", $"Confluent.Kafka {PackageVersion(typeof(IProducer<,>))}, librdkafka {Library.VersionString}"),
        ("Redis client", $"StackExchange.Redis {PackageVersion(typeof(ConnectionMultiplexer))}"),
        ("Redis server", redisVersion ?? "not run"),
        .. (natsVersion is null ? [] : new[]
        {
            ("NATS client", $"NATS.Net {PackageVersion(typeof(NATS.Client.Core.NatsConnection))}"),
            ("NATS server", $"nats-server {natsVersion}, JetStream on file storage"),
        }),
    ];

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine shows up here.</summary>
    public static string LoadAverage()
    {
        const string Path = "/proc/loadavg";
        return File.Exists(Path) ? string.Join(' ', File.ReadAllText(Path).Split(' ').Take(3)) : "unknown";
    }

    // The informational version is the package version; the assembly version is often pinned to x.0.0.
    private static string PackageVersion(Type type) =>
        type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0].Trim() ?? "unknown";

    private static string Kernel()
    {
        const string Path = "/proc/sys/kernel/osrelease";
        return File.Exists(Path) ? File.ReadAllText(Path).Trim() : Environment.OSVersion.Version.ToString();
    }

    private static string MemoryGiB()
    {
        var kib = ProcValue("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.TryParse(kib, out var value) ? $"{value / 1024.0 / 1024.0:N1} GiB" : "unknown";
    }

    private static string OsRelease()
    {
        const string Path = "/etc/os-release";
        var pretty = File.Exists(Path)
            ? File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
            : null;
        return pretty ?? RuntimeInformation.OSDescription;
    }

    private static string? ProcValue(string path, string key) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;
}
