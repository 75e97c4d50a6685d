using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Configuration;

/// <summary>Checks <see cref="AmbientKafkaOptions"/> at start, naming the full configuration path of each bad value.</summary>
internal sealed class AmbientKafkaOptionsValidator : IValidateOptions<AmbientKafkaOptions>
{
    private const string Section = AmbientKafkaOptions.SectionName;

    // Settings Ambient owns: the connection comes from BootstrapServers/ClientId, and IRecordPublisher promises acks=all.
    private static readonly string[] s_connectionKeys = ["bootstrap.servers", "client.id"];
    private static readonly string[] s_producerGuarantees = ["acks", "request.required.acks", "enable.idempotence"];

    public ValidateOptionsResult Validate(string? name, AmbientKafkaOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add($"{Section}:BootstrapServers is required (or set ConnectionStrings:{AmbientKafkaOptions.ConnectionStringName}).");
        }
        else if (options.BootstrapServers.Split(',').Any(server => server.Trim().Length == 0 || server.Trim().Any(char.IsWhiteSpace)))
        {
            failures.Add($"{Section}:BootstrapServers '{options.BootstrapServers}' is not a list of brokers; expected host:port[,host:port...].");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Section}:ClientId is required.");
        }

        if (options.FlushTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:FlushTimeout must be positive, not {options.FlushTimeout}.");
        }

        foreach (var (area, settings) in new[] { ("Producer", options.Producer), ("Consumer", options.Consumer), ("Admin", options.Admin) })
        {
            failures.AddRange(settings.Keys.Intersect(s_connectionKeys, StringComparer.Ordinal)
                .Select(key => $"{Section}:{area}:{key} cannot be set here; use {Section}:{(key == "client.id" ? "ClientId" : "BootstrapServers")}."));
        }

        failures.AddRange(options.Producer.Keys.Intersect(s_producerGuarantees, StringComparer.Ordinal)
            .Select(key => $"{Section}:Producer:{key} cannot be set: the publisher always uses acks=all with idempotence, so acknowledged records are never lost or duplicated."));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
