namespace Ambient.Governance.Budgets;

/// <summary>What a model costs, per million tokens, in US dollars (configuration: <c>Ambient:Budgets:Prices:&lt;model&gt;</c>).</summary>
public sealed class ModelPrice
{
    /// <summary>Dollars per million input (prompt) tokens.</summary>
    public decimal InputPerMillionUsd { get; set; }

    /// <summary>Dollars per million output (completion) tokens.</summary>
    public decimal OutputPerMillionUsd { get; set; }

    /// <summary>What <paramref name="inputTokens"/> in and <paramref name="outputTokens"/> out cost.</summary>
    public decimal CostOf(long inputTokens, long outputTokens) => ((inputTokens * InputPerMillionUsd) + (outputTokens * OutputPerMillionUsd)) / 1_000_000m;

    /// <summary>The dearer of the two prices, per token: what a reservation of unknown mix may cost per token.</summary>
    public decimal WorstPerToken => Math.Max(InputPerMillionUsd, OutputPerMillionUsd) / 1_000_000m;
}
