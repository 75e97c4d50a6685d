using Ambient.Governance.Budgets;
using Confluent.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace Ambient.Governance.Tests.Budgets;

/// <summary>
/// The host's pass-through Kafka settings reach the ledger's Streamiz client typed: configuration gives text, and
/// Streamiz threw on text for a number (a worker with <c>session.timeout.ms</c> set stopped at start).
/// </summary>
public sealed class StreamizSettingsTests
{
    [Fact]
    public void Add_TextForNumbersEnumsAndText_ReachesTheClientsConsumerConfig()
    {
        var config = new StreamConfig<StringSerDes, StringSerDes> { ApplicationId = "ledger", BootstrapServers = "localhost:9092" };

        StreamizSettings.Add(config, "session.timeout.ms", "6000");
        StreamizSettings.Add(config, "security.protocol", "sasl_ssl");
        StreamizSettings.Add(config, "sasl.mechanism", "SCRAM-SHA-512");
        StreamizSettings.Add(config, "sasl.username", "ambient-worker");

        var consumer = config.ToConsumerConfig();
        Assert.Equal(6000, consumer.SessionTimeoutMs);
        Assert.Equal(SecurityProtocol.SaslSsl, consumer.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha512, consumer.SaslMechanism);
        Assert.Equal("ambient-worker", consumer.SaslUsername);
    }

    [Fact]
    public void Add_NotANumber_FailsNamingTheSetting()
    {
        var config = new StreamConfig<StringSerDes, StringSerDes> { ApplicationId = "ledger", BootstrapServers = "localhost:9092" };

        var error = Assert.Throws<InvalidOperationException>(() => StreamizSettings.Add(config, "session.timeout.ms", "six seconds"));

        Assert.Contains("Ambient:Kafka:Consumer:session.timeout.ms = 'six seconds'", error.Message, StringComparison.Ordinal);
    }
}
