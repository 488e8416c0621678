namespace AuthKit.Sessions;

/// <summary>The two kinds of session (the Next.js guide's split).</summary>
public enum SessionKind
{
    /// <summary>The session travels in an encrypted, authenticated cookie; revocation uses a revocation list.</summary>
    Stateless = 0,

    /// <summary>The session lives in a store; the cookie carries a sealed reference to it.</summary>
    Database = 1,
}
