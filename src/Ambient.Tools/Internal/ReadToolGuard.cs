using Ambient.Abstractions.Tools;

namespace Ambient.Tools.Internal;

/// <summary>
/// Runs a read and turns any failure into a <see cref="ToolResult.Failed"/> the model can read: a tool call must not
/// crash the run because GitHub or the API server is down. Only two exceptions pass through, as the contract says:
/// <see cref="ToolArgumentException"/> (the model fixes its arguments) and cancellation of the caller's own token.
/// </summary>
internal static class ReadToolGuard
{
    /// <param name="read">The read; its exceptions are described by <paramref name="describe"/>.</param>
    /// <param name="describe">The message for a failure, naming what was read.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation is rethrown, any other cancellation is a timeout.</param>
    public static async Task<ToolResult> RunAsync(Func<Task<ToolResult>> read, Func<Exception, string> describe, CancellationToken cancellationToken)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (ToolArgumentException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A boundary: every other failure becomes a result the model reads.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ToolResult.Failed(describe(exception));
        }
    }
}
