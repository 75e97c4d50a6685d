using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace Ambient.Kafka.Tracing;

/// <summary>
/// W3C Trace Context in Kafka record headers (<c>traceparent</c>, <c>tracestate</c>), so a trace follows an event
/// from the gateway through every agent that handles it. https://www.w3.org/TR/trace-context/
/// </summary>
public static class KafkaTraceContext
{
    /// <summary>The W3C <c>traceparent</c> header.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The W3C <c>tracestate</c> header.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>Writes <see cref="Activity.Current"/>'s trace context into <paramref name="headers"/>; see <see cref="Inject(Activity?, Headers)"/>.</summary>
    /// <param name="headers">The record's headers.</param>
    public static void Inject(Headers headers) => Inject(Activity.Current, headers);

    /// <summary>
    /// Replaces any <c>traceparent</c>/<c>tracestate</c> in <paramref name="headers"/> with <paramref name="activity"/>'s.
    /// Does nothing when there is no activity or its id is not in the W3C format.
    /// </summary>
    /// <param name="activity">The activity whose context travels with the record.</param>
    /// <param name="headers">The record's headers.</param>
    public static void Inject(Activity? activity, Headers headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (activity is not { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent })
        {
            return;
        }

        headers.Remove(TraceParentHeader);
        headers.Remove(TraceStateHeader);
        headers.Add(TraceParentHeader, Encoding.UTF8.GetBytes(traceParent));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Add(TraceStateHeader, Encoding.UTF8.GetBytes(activity.TraceStateString));
        }
    }

    /// <summary>
    /// Reads the remote parent context from <paramref name="headers"/>. A missing or malformed <c>traceparent</c>
    /// yields false: the W3C rules say to start a new trace then, never to fail the record.
    /// </summary>
    /// <param name="headers">The consumed record's headers.</param>
    /// <param name="context">The parent context, marked remote.</param>
    public static bool TryExtract(Headers? headers, out ActivityContext context)
    {
        context = default;
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var traceParent) || traceParent is null)
        {
            return false;
        }

        var traceState = headers.TryGetLastBytes(TraceStateHeader, out var state) && state is not null ? Encoding.UTF8.GetString(state) : null;
        return ActivityContext.TryParse(Encoding.UTF8.GetString(traceParent), traceState, isRemote: true, out context);
    }
}
