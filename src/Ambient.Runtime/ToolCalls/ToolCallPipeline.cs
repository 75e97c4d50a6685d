namespace Ambient.Runtime.ToolCalls;

/// <summary>The ordered filters every tool call passes: the allow-list, then the host's filters in registration order.</summary>
public sealed class ToolCallPipeline
{
    private readonly IToolCallFilter[] _filters;

    /// <summary>The allow-list followed by <paramref name="filters"/>.</summary>
    public ToolCallPipeline(IEnumerable<IToolCallFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        _filters = [AllowListFilter.Instance, .. filters.Where(f => f is not AllowListFilter)];
    }

    /// <summary>The allow-list alone.</summary>
    public static ToolCallPipeline AllowListOnly { get; } = new([]);

    /// <summary>
    /// The first decision that is not an allow; or, all allowing, the one that carries an approval, else the one that
    /// carries an audit note, else allow.
    /// </summary>
    public async ValueTask<ToolCallDecision> CheckAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        var allowed = ToolCallDecision.Allow;
        foreach (var filter in _filters)
        {
            var decision = await filter.CheckAsync(context, cancellationToken);
            if (decision.Verdict != ToolCallVerdict.Allow)
            {
                return decision;
            }

            if (decision.ApprovalId is not null || (decision.Audit is not null && allowed.ApprovalId is null))
            {
                allowed = decision;
            }
        }

        return allowed;
    }
}
