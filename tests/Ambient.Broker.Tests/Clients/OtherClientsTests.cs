using System.Diagnostics;
using Ambient.Broker.Security;
using Ambient.Broker.Tests.Security;
using Ambient.Testing;

namespace Ambient.Broker.Tests.Clients;

/// <summary>
/// The broker claims the versions kafkajs 2.2, kafka-python 2.0 and old librdkafka (kcat 1.7 / 2.0.2)
/// negotiate; these run each client's own smoke script against it. A client that is not installed is
/// skipped with the command that installs it (.ci/run installs them when it can). The secure variants
/// authenticate with SCRAM-SHA-512 as a user whose ACLs grant only the test's own topic and group prefix.
/// </summary>
public sealed class OtherClientsTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Kafkajs_AdminProduceGroupConsumeCommit()
    {
        await RequireAsync("node", ["-e", "require.resolve('kafkajs')"], "kafkajs (npm install -g kafkajs@2.2.4, or set NODE_PATH)");
        var topic = KafkaFixture.UniqueName("kafkajs");

        var (exitCode, output) = await RunAsync("node", [Script("kafkajs-smoke.js"), kafka.BootstrapServers, topic]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("OK kafkajs consumed=101 committed=101", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KafkaPython_AdminProduceGroupConsumeCommit()
    {
        await RequireAsync("/usr/bin/python3", ["-c", "import kafka"], "kafka-python (apt-get install python3-kafka)");
        var topic = KafkaFixture.UniqueName("kafkapython");

        var (exitCode, output) = await RunAsync("/usr/bin/python3", [Script("kafka-python-smoke.py"), kafka.BootstrapServers, topic]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("OK kafka-python consumed=50 committed=50", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kafkajs_ScramSha512_AgainstASecureBroker()
    {
        await RequireAsync("node", ["-e", "require.resolve('kafkajs')"], "kafkajs (npm install -g kafkajs@2.2.4, or set NODE_PATH)");
        var topic = KafkaFixture.UniqueName("kafkajs-sasl");
        await using var broker = await SecureBrokerForAsync(topic);

        var (exitCode, output) = await RunAsync("node", [Script("kafkajs-smoke.js"), broker.BootstrapServers, topic, SmokeUser, SmokePassword]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("OK kafkajs consumed=101 committed=101", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KafkaPython_ScramSha512_AgainstASecureBroker()
    {
        await RequireAsync("/usr/bin/python3", ["-c", "import kafka"], "kafka-python (apt-get install python3-kafka)");
        var topic = KafkaFixture.UniqueName("kafkapython-sasl");
        await using var broker = await SecureBrokerForAsync(topic);

        var (exitCode, output) = await RunAsync("/usr/bin/python3", [Script("kafka-python-smoke.py"), broker.BootstrapServers, topic, SmokeUser, SmokePassword]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("OK kafka-python consumed=50 committed=50", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Kcat_OldLibrdkafkaStillCompresses(string codec)
    {
        await RequireAsync("kcat", ["-V"], "kcat (apt-get install kcat)");
        var topic = KafkaFixture.UniqueName("kcat-" + codec);
        var lines = string.Join('\n', Enumerable.Range(0, 500).Select(i => $"line {i} with text that compresses well"));

        var (produced, produceOutput) = await RunAsync("kcat", ["-b", kafka.BootstrapServers, "-P", "-t", topic, "-z", codec, "-d", "msg"], lines);
        var (consumed, consumeOutput) = await RunAsync("kcat", ["-b", kafka.BootstrapServers, "-C", "-t", topic, "-o", "beginning", "-e", "-q"]);

        Assert.True(produced == 0 && consumed == 0, produceOutput + consumeOutput);
        Assert.DoesNotContain("not compressing", produceOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(500, consumeOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private const string SmokeUser = "smoke";
    private const string SmokePassword = "smoke-secret";

    /// <summary>A secure broker where the smoke user may do anything to topics and groups starting with <paramref name="topic"/>, and nothing else.</summary>
    private static Task<KafkaBroker> SecureBrokerForAsync(string topic) => SecureBrokers.StartAsync(s =>
    {
        s.Users[SmokeUser] = ScramCredential.FromPassword(SmokePassword);
        s.Allow(SmokeUser, AclResourceType.Topic, topic, AclPatternType.Prefixed, AclOperation.All);
        s.Allow(SmokeUser, AclResourceType.Group, topic, AclPatternType.Prefixed, AclOperation.All);
    });

    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Clients", name);

    private static async Task RequireAsync(string program, string[] arguments, string what)
    {
        try
        {
            if ((await RunAsync(program, arguments)).ExitCode == 0)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not on PATH.
        }

        Assert.Skip($"{what} is not installed on this machine; this client compatibility check did not run.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string? input = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await stdout + await stderr);
    }
}
