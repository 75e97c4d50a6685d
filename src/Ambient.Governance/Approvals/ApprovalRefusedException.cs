namespace Ambient.Governance.Approvals;

/// <summary>An answer that cannot be given: no such request, it is no longer pending, it expired, or the person may not answer it.</summary>
public sealed class ApprovalRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApprovalRefusedException()
    {
    }

    /// <summary>Creates the exception with the message the person answering reads.</summary>
    public ApprovalRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ApprovalRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
