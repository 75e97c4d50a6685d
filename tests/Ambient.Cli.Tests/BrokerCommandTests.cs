using System.Net;
using System.Net.Sockets;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Cli.Tests;

public sealed class BrokerCommandTests
{
    [Fact]
    public async Task Broker_ServesClientsAndStopsCleanlyOnSigterm()
    {
        var dataDirectory = TestDirectories.Create("cli-broker");
        var port = FreePort();
        using var ambient = AmbientProcess.Start(dataDirectory, "listening on", "broker", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDirectory);
        await ambient.WaitUntilReadyAsync();

        var bootstrap = $"127.0.0.1:{port}";
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            await producer.ProduceAsync("cli", new Message<Null, string> { Value = "through the real command" }, TestContext.Current.CancellationToken);
        }

        var exitCode = await ambient.TerminateAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("stopped; logs flushed", ambient.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "topics", "cli", "topic.json")));
    }

    [Fact]
    public async Task Broker_AddressInUse_ExitsWithClearError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var dataDirectory = TestDirectories.Create("cli-in-use");

        using var ambient = AmbientProcess.Start(dataDirectory, "listening on", "broker", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDirectory);
        var exitCode = await ambient.WaitForExitAsync();

        Assert.Equal(3, exitCode);
        Assert.Contains($"127.0.0.1:{port} is already in use", ambient.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_DataDirectoryInUse_ExitsWithClearError()
    {
        var dataDirectory = TestDirectories.Create("cli-locked");
        await using var running = await EmbeddedBrokers.StartAsync(dataDirectory);

        using var ambient = AmbientProcess.Start(dataDirectory, "listening on", "broker", "--listen", $"127.0.0.1:{FreePort()}", "--data-dir", dataDirectory);
        var exitCode = await ambient.WaitForExitAsync();

        Assert.Equal(4, exitCode);
        Assert.Contains("is in use by another broker", ambient.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--listen", "nonsense")]
    [InlineData("--listen", "127.0.0.1:99999")]
    [InlineData("--default-partitions", "0")]
    [InlineData("--group-initial-rebalance-delay-ms", "-1")]
    public async Task Broker_InvalidArguments_ExitWithUsageError(string option, string value)
    {
        var dataDirectory = TestDirectories.Create("cli-args");

        using var ambient = AmbientProcess.Start(dataDirectory, "listening on", "broker", option, value, "--data-dir", dataDirectory);
        var exitCode = await ambient.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("error:", ambient.Output, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
