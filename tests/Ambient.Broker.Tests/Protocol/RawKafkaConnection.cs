using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ambient.Broker.Protocol;

namespace Ambient.Broker.Tests.Protocol;

/// <summary>
/// A bare TCP connection speaking Kafka frames, for tests that must send what no well-behaved client
/// would: unsupported versions, corrupt batches, garbage, pipelined bursts.
/// </summary>
internal sealed class RawKafkaConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private int _nextCorrelationId = 1;

    private RawKafkaConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Connects to <paramref name="endpoint"/>, from <paramref name="localAddress"/> when given (e.g. 127.0.0.2 on Linux).</summary>
    public static async Task<RawKafkaConnection> ConnectAsync(IPEndPoint endpoint, IPAddress? localAddress = null)
    {
        var client = localAddress is null ? new TcpClient() : new TcpClient(new IPEndPoint(localAddress, 0));
        await client.ConnectAsync(endpoint);
        return new RawKafkaConnection(client);
    }

    /// <summary>Builds a request frame (size prefix, header v1 or v2, body) without sending it.</summary>
    public byte[] Frame(ApiKey key, short version, Action<KafkaWriter> body, bool flexibleHeader = false, int? correlationId = null)
    {
        using var writer = new KafkaWriter();
        writer.BeginFrame();
        writer.WriteInt16((short)key);
        writer.WriteInt16(version);
        writer.WriteInt32(correlationId ?? _nextCorrelationId++);
        writer.WriteNullableString("raw-test");
        if (flexibleHeader)
        {
            writer.WriteEmptyTaggedFields();
        }

        body(writer);
        writer.CompleteFrame();
        return writer.WrittenMemory.ToArray();
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Sends one request and returns the response body after the correlation id (header v0).</summary>
    public async Task<KafkaReader> RequestAsync(ApiKey key, short version, Action<KafkaWriter> body, bool flexibleHeader = false)
    {
        var frame = Frame(key, version, body, flexibleHeader);
        await SendAsync(frame);
        var (correlationId, response) = await ReceiveAsync();
        Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8)), correlationId);
        return response;
    }

    /// <summary>Reads one response frame: its correlation id and the rest as a reader.</summary>
    public async Task<(int CorrelationId, KafkaReader Body)> ReceiveAsync()
    {
        var sizeBytes = new byte[4];
        await _stream.ReadExactlyAsync(sizeBytes);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(sizeBytes)];
        await _stream.ReadExactlyAsync(frame);
        var reader = new KafkaReader(frame);
        return (reader.ReadInt32(), reader);
    }

    /// <summary>Reads one frame as it is, with no response header (the bare SASL tokens after SaslHandshake v0).</summary>
    public async Task<byte[]> ReceiveBareAsync()
    {
        var sizeBytes = new byte[4];
        await _stream.ReadExactlyAsync(sizeBytes);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(sizeBytes)];
        await _stream.ReadExactlyAsync(frame);
        return frame;
    }

    /// <summary>True when the broker has closed the connection (a read returns end of stream or fails).</summary>
    public async Task<bool> IsClosedByBrokerAsync()
    {
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await _stream.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false; // still open after the hang guard
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
