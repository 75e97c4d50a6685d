using System.Buffers.Binary;
using System.Net.Sockets;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Network;

/// <summary>
/// One client TCP connection. Requests are served one at a time in arrival order, as Kafka does, so
/// responses always go back in request order; pipelined requests wait in the socket buffer. Responses
/// to the requests that arrived together are written with one socket write, straight from the buffer
/// they were encoded in (fetched records are copied from the log once, into that buffer).
/// A frame that cannot be decoded closes this connection only.
/// </summary>
/// <remarks>
/// Frames up to 64 KiB are served from the <see cref="ReceiveBuffer"/>. A bigger one is checked against
/// <see cref="BrokerOptions.MaxRequestBytes"/> from its size prefix alone, then reserves its size in the
/// shared <see cref="RequestMemory"/> and is read into a <see cref="FrameBuffer"/> that grows with what
/// arrives. Reads run against a <see cref="ConnectionDeadline"/>: the idle limit between requests, the
/// partial-frame limit once a frame has started. Before a client has authenticated on a secure broker its
/// frames are limited to <see cref="SaslSession.MaxUnauthenticatedFrameBytes"/>, and a failed authentication
/// closes the connection once its answer is sent.
/// </remarks>
internal sealed class ClientConnection(Socket socket, ConnectionServices services)
{
    private const int SizePrefix = 4;
    private const int MinFrameSize = 10; // api key, version, correlation id, client id length
    private const int IdleResponseBufferBytes = 64 * 1024;
    private readonly string _clientAddress = socket.RemoteEndPoint?.ToString() ?? "unknown";
    private readonly BrokerOptions _options = services.Options;
    private readonly ILogger _logger = services.Logger;
    private readonly ClientSession _session = new(
        socket.RemoteEndPoint?.ToString() ?? "unknown",
        ConnectionLimiter.AddressOf(socket.RemoteEndPoint).ToString(),
        services.Options.Security is { } security ? new SaslSession(security) : null);
    private long? _frameStarted;

    private enum Frame
    {
        Incomplete,
        Complete,
        Large,
        TooLarge,
        TooLargeBeforeAuthentication,
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        await using var output = new NetworkStream(socket, ownsSocket: true);
        using var input = new ReceiveBuffer();
        using var deadline = new ConnectionDeadline(services.Time, cancellationToken);
        using var responses = new KafkaWriter(IdleResponseBufferBytes);
        try
        {
            await ServeAsync(input, output, responses, deadline, cancellationToken);
        }
        catch (Exception ex) when ((ex is OperationCanceledException or SocketException) && deadline.Expired is { } limit)
        {
            services.Closures.Record(limit, _clientAddress);
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
    }

    private async Task ServeAsync(ReceiveBuffer input, NetworkStream output, KafkaWriter responses, ConnectionDeadline deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            Frame frame;
            int size;
            while ((frame = Peek(input, out size)) == Frame.Complete)
            {
                var request = input.Unread.Slice(SizePrefix, size);
                if (RequestDispatcher.MayWait(request.Span))
                {
                    // Answers already computed must not wait behind a long poll or a rebalance.
                    await SendAsync(output, responses, cancellationToken);
                }

                await services.Dispatcher.DispatchAsync(request, responses, _session, cancellationToken);
                input.Consume(SizePrefix + size);
                _frameStarted = null;
                if (_session.CloseRequested)
                {
                    await SendAsync(output, responses, cancellationToken);
                    return;
                }
            }

            await SendAsync(output, responses, cancellationToken);
            var more = frame switch
            {
                Frame.TooLarge => Refuse(ConnectionCloseReason.RequestTooLarge, size),
                Frame.TooLargeBeforeAuthentication => Refuse(ConnectionCloseReason.UnauthenticatedRequestTooLarge, size),
                Frame.Large => await ServeLargeFrameAsync(input, size, responses, deadline, cancellationToken),
                _ => await ReceiveAsync(input, SizePrefix + size, deadline),
            };
            if (!more)
            {
                await SendAsync(output, responses, cancellationToken); // a failed authentication's answer
                return;
            }
        }
    }

    private Frame Peek(ReceiveBuffer input, out int size)
    {
        size = 0;
        if (input.Count < SizePrefix)
        {
            return Frame.Incomplete;
        }

        size = BinaryPrimitives.ReadInt32BigEndian(input.Unread.Span);
        var minimum = _session.Sasl is { AwaitingRawToken: true } ? 0 : MinFrameSize; // a bare SASL token has no header
        if (size < minimum)
        {
            throw new ProtocolException($"Request frame of {size} bytes is smaller than the {MinFrameSize} bytes of a request header.");
        }

        return size > _options.MaxRequestBytes ? Frame.TooLarge
            : size > SaslSession.MaxUnauthenticatedFrameBytes && !_session.IsAuthenticated ? Frame.TooLargeBeforeAuthentication
            : SizePrefix + size > ReceiveBuffer.Capacity ? Frame.Large
            : SizePrefix + size <= input.Count ? Frame.Complete
            : Frame.Incomplete;
    }

    private bool Refuse(ConnectionCloseReason reason, int size)
    {
        // Checked on the size prefix alone: nothing has been allocated for the frame and its body is never read.
        services.Closures.Record(reason, _clientAddress, size);
        return false;
    }

    /// <summary>Receives more bytes of the current frame (or the first of the next); false at the end of the stream.</summary>
    private async ValueTask<bool> ReceiveAsync(ReceiveBuffer input, int frameBytes, ConnectionDeadline deadline)
    {
        if (input.Count == 0)
        {
            // Between requests: wait with no buffer held (a zero-byte read), against the idle limit.
            input.ReleaseIfEmpty();
            deadline.Arm(ConnectionCloseReason.Idle, services.Time.GetTimestamp(), _options.ConnectionsMaxIdle);
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, deadline.Token);
        }

        _frameStarted ??= services.Time.GetTimestamp();
        deadline.Arm(ConnectionCloseReason.PartialFrameTimeout, _frameStarted.Value, _options.PartialFrameTimeout);
        var read = await socket.ReceiveAsync(input.GetFreeSpace(frameBytes), SocketFlags.None, deadline.Token);
        deadline.Disarm();
        input.Commit(read);
        return read > 0;
    }

    private async ValueTask<bool> ServeLargeFrameAsync(ReceiveBuffer input, int size, KafkaWriter responses, ConnectionDeadline deadline, CancellationToken cancellationToken)
    {
        if (await services.Memory.ReserveAsync(size, cancellationToken))
        {
            // The wait for memory was the broker's doing, so the client's time starts now.
            _frameStarted = services.Time.GetTimestamp();
        }

        try
        {
            using var frame = services.Memory.CreateBuffer(size);
            var received = input.Unread.Slice(SizePrefix, Math.Min(size, input.Count - SizePrefix));
            frame.Append(received.Span, socket.Available);
            input.Consume(SizePrefix + received.Length);
            input.ReleaseIfEmpty();
            while (!frame.IsComplete)
            {
                _frameStarted ??= services.Time.GetTimestamp();
                deadline.Arm(ConnectionCloseReason.PartialFrameTimeout, _frameStarted.Value, _options.PartialFrameTimeout);
                var read = await socket.ReceiveAsync(frame.GetFreeSpace(socket.Available), SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    return false;
                }

                frame.Advance(read);
            }

            deadline.Disarm();
            _frameStarted = null;
            await services.Dispatcher.DispatchAsync(frame.Frame, responses, _session, cancellationToken);
            return !_session.CloseRequested;
        }
        finally
        {
            services.Memory.Release(size);
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
}
