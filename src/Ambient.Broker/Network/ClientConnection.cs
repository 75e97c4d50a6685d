using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Network;

/// <summary>
/// One client TCP connection. Requests are served one at a time in arrival order, as Kafka does, so
/// responses always go back in request order; pipelined requests wait in the socket buffer.
/// A frame that cannot be decoded closes this connection only.
/// </summary>
internal sealed class ClientConnection(Socket socket, RequestDispatcher dispatcher, int maxRequestBytes, ILogger logger)
{
    private const int MinFrameSize = 10; // api key, version, correlation id, client id length
    private readonly string _clientAddress = socket.RemoteEndPoint?.ToString() ?? "unknown";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var output = PipeWriter.Create(stream);
        using var response = new KafkaWriter(64 * 1024);
        try
        {
            await ServeAsync(input, output, response, cancellationToken);
        }
        catch (ProtocolException ex)
        {
            logger.LogBadRequest(_clientAddress, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogConnectionClosed(_clientAddress);
        }
        catch (Exception ex)
        {
            logger.LogConnectionFailed(ex, _clientAddress);
        }
        finally
        {
            await input.CompleteAsync();
            await output.CompleteAsync();
        }
    }

    private async Task ServeAsync(PipeReader input, PipeWriter output, KafkaWriter response, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (TryReadFrame(ref buffer, out var frame))
            {
                await ServeFrameAsync(frame, output, response, cancellationToken);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            await output.FlushAsync(cancellationToken);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task ServeFrameAsync(ReadOnlySequence<byte> frame, PipeWriter output, KafkaWriter response, CancellationToken cancellationToken)
    {
        var length = (int)frame.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(rented);
            if (RequestDispatcher.MayWait(rented) && output.UnflushedBytes > 0)
            {
                await output.FlushAsync(cancellationToken);
            }

            if (await dispatcher.DispatchAsync(rented.AsMemory(0, length), response, _clientAddress, cancellationToken))
            {
                output.Write(response.WrittenMemory.Span);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var size = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (size < MinFrameSize || size > maxRequestBytes)
        {
            throw new ProtocolException($"Request frame of {size} bytes is outside the accepted {MinFrameSize}..{maxRequestBytes} (socket.request.max.bytes).");
        }

        if (buffer.Length < 4 + size)
        {
            return false;
        }

        frame = buffer.Slice(4, size);
        buffer = buffer.Slice(4 + size);
        return true;
    }
}
