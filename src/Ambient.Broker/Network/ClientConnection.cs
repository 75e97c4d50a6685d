using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Network;

/// <summary>
/// One client TCP connection. Requests are served one at a time in arrival order, as Kafka does, so
/// responses always go back in request order; pipelined requests wait in the socket buffer. Responses
/// to the requests that arrived together are written with one socket write, straight from the buffer
/// they were encoded in (fetched records are copied from the log once, into that buffer).
/// A frame that cannot be decoded closes this connection only.
/// </summary>
internal sealed class ClientConnection(Socket socket, ConnectionServices services)
{
    private const int MinFrameSize = 10; // api key, version, correlation id, client id length
    private const int IdleResponseBufferBytes = 64 * 1024;
    private readonly string _clientAddress = socket.RemoteEndPoint?.ToString() ?? "unknown";
    private readonly int _maxRequestBytes = services.Options.MaxRequestBytes;
    private readonly ILogger _logger = services.Logger;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        using var responses = new KafkaWriter(IdleResponseBufferBytes);
        try
        {
            await ServeAsync(input, stream, responses, cancellationToken);
        }
        catch (ProtocolException ex)
        {
            _logger.LogBadRequest(_clientAddress, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogConnectionClosed(_clientAddress);
        }
        catch (Exception ex)
        {
            _logger.LogConnectionFailed(ex, _clientAddress);
        }
        finally
        {
            await input.CompleteAsync();
        }
    }

    private async Task ServeAsync(PipeReader input, NetworkStream output, KafkaWriter responses, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (TryReadFrame(ref buffer, out var frame))
            {
                if (RequestDispatcher.MayWait(frame.FirstSpan))
                {
                    // Answers already computed must not wait behind a long poll or a rebalance.
                    await SendAsync(output, responses, cancellationToken);
                }

                await ServeFrameAsync(frame, responses, cancellationToken);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            await SendAsync(output, responses, cancellationToken);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task ServeFrameAsync(ReadOnlySequence<byte> frame, KafkaWriter responses, CancellationToken cancellationToken)
    {
        var length = (int)frame.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(rented);
            await services.Dispatcher.DispatchAsync(rented.AsMemory(0, length), responses, _clientAddress, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static async Task SendAsync(NetworkStream output, KafkaWriter responses, CancellationToken cancellationToken)
    {
        if (responses.Length == 0)
        {
            return;
        }

        await output.WriteAsync(responses.WrittenMemory, cancellationToken);
        responses.Reset(keepCapacity: 4 * 1024 * 1024);
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
        if (size < MinFrameSize || size > _maxRequestBytes)
        {
            throw new ProtocolException($"Request frame of {size} bytes is outside the accepted {MinFrameSize}..{_maxRequestBytes} (socket.request.max.bytes).");
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
