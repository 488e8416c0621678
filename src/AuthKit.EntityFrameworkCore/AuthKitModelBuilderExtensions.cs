using System.Diagnostics.CodeAnalysis;
using AuthKit.EntityFrameworkCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds AuthKit's tables to an application's own <see cref="DbContext"/> model (and so to its migrations).</summary>
public static class AuthKitModelBuilderExtensions
{
    /// <summary>
    /// Maps AuthKit's tables: sessions, stateless revocations, throttle counters and one-time tokens, with the keys and
    /// indexes each look-up needs. Call it from <c>OnModelCreating</c>, then add a migration.
    /// </summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the context's default.</param>
    /// <param name="tablePrefix">The prefix of every table name (default <c>authkit_</c>).</param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder AddAuthKit(this ModelBuilder modelBuilder, string? schema = null, string tablePrefix = "authkit_")
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(tablePrefix);

        modelBuilder.Entity<AuthKitSessionRow>(e =>
        {
            e.ToTable(tablePrefix + "sessions", schema);
            e.HasKey(s => s.TokenHash);
            e.Property(s => s.TokenHash).HasColumnName("token_hash").HasMaxLength(64);
            e.Property(s => s.Id).HasColumnName("id").HasMaxLength(64);
            e.Property(s => s.UserId).HasColumnName("user_id").HasMaxLength(256);
            e.Property(s => s.Roles).HasColumnName("roles");
            e.Property(s => s.CreatedAt).HasColumnName("created_at");
            e.Property(s => s.LastSeenAt).HasColumnName("last_seen_at");
            e.Property(s => s.IdleExpiresAt).HasColumnName("idle_expires_at");
            e.Property(s => s.AbsoluteExpiresAt).HasColumnName("absolute_expires_at");
            e.Property(s => s.UserAgent).HasColumnName("user_agent").HasMaxLength(512);
            e.Property(s => s.ClientIp).HasColumnName("client_ip").HasMaxLength(64);
            e.Property(s => s.Values).HasColumnName("values");
            e.HasIndex(s => s.UserId).HasDatabaseName("ix_" + tablePrefix + "sessions_user_id");
            e.HasIndex(s => s.IdleExpiresAt).HasDatabaseName("ix_" + tablePrefix + "sessions_idle_expires_at");
        });

        modelBuilder.Entity<AuthKitRevokedSessionRow>(e =>
        {
            e.ToTable(tablePrefix + "revoked_sessions", schema);
            e.HasKey(r => r.SessionId);
            e.Property(r => r.SessionId).HasColumnName("session_id").HasMaxLength(64);
            e.Property(r => r.ExpiresAt).HasColumnName("expires_at");
        });

        modelBuilder.Entity<AuthKitRevokedUserRow>(e =>
        {
            e.ToTable(tablePrefix + "revoked_users", schema);
            e.HasKey(r => r.UserId);
            e.Property(r => r.UserId).HasColumnName("user_id").HasMaxLength(256);
            e.Property(r => r.NotBefore).HasColumnName("not_before");
            e.Property(r => r.ExpiresAt).HasColumnName("expires_at");
        });

        modelBuilder.Entity<AuthKitThrottleRow>(e =>
        {
            e.ToTable(tablePrefix + "throttle", schema);
            e.HasKey(t => t.Key);
            e.Property(t => t.Key).HasColumnName("key").HasMaxLength(256);
            e.Property(t => t.Count).HasColumnName("count");
            e.Property(t => t.LastAt).HasColumnName("last_at");
            e.Property(t => t.ExpiresAt).HasColumnName("expires_at");
        });

        modelBuilder.Entity<AuthKitTokenRow>(e =>
        {
            e.ToTable(tablePrefix + "tokens", schema);
            e.HasKey(t => t.TokenHash);
            e.Property(t => t.TokenHash).HasColumnName("token_hash");
            e.Property(t => t.Purpose).HasColumnName("purpose").HasMaxLength(64);
            e.Property(t => t.UserId).HasColumnName("user_id").HasMaxLength(256);
            e.Property(t => t.Email).HasColumnName("email").HasMaxLength(320);
            e.Property(t => t.Data).HasColumnName("data");
            e.Property(t => t.ExpiresAt).HasColumnName("expires_at");
            e.HasIndex(nameof(AuthKitTokenRow.UserId), nameof(AuthKitTokenRow.Purpose)).HasDatabaseName("ix_" + tablePrefix + "tokens_user_id_purpose");
        });

        return modelBuilder;
    }

    /// <summary>
    /// Maps the ready-made user store's tables for <typeparamref name="TUser"/>: users (the address unique), their second
    /// factor, linked logins ((provider, subject) unique, one per provider per user) and passkeys (the credential id
    /// the key). Call it beside <see cref="AddAuthKit"/> when you use <c>UseEntityFrameworkCoreUsers</c>.
    /// </summary>
    /// <typeparam name="TUser">The user class (<see cref="AuthKitUser"/> or one derived from it).</typeparam>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the context's default.</param>
    /// <param name="tablePrefix">The prefix of every table name (default <c>authkit_</c>).</param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder AddAuthKitUsers<[DynamicallyAccessedMembers(EntityMembers.Required)] TUser>(this ModelBuilder modelBuilder, string? schema = null, string tablePrefix = "authkit_")
        where TUser : AuthKitUser
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(tablePrefix);

        modelBuilder.Entity<TUser>(e =>
        {
            e.ToTable(tablePrefix + "users", schema);
            e.HasKey(u => u.Id);
            e.Property(u => u.Id).HasColumnName("id").HasMaxLength(256);
            e.Property(u => u.Email).HasColumnName("email").HasMaxLength(320);
            e.Property(u => u.PasswordHash).HasColumnName("password_hash").HasMaxLength(1024);
            e.Property(u => u.EmailVerified).HasColumnName("email_verified");
            e.Property(u => u.Roles).HasColumnName("roles");
            e.Property(u => u.CreatedAt).HasColumnName("created_at");
            e.HasIndex(u => u.Email).IsUnique().HasDatabaseName("ux_" + tablePrefix + "users_email");
        });

        modelBuilder.Entity<AuthKitUserTwoFactorRow>(e =>
        {
            e.ToTable(tablePrefix + "user_two_factor", schema);
            e.HasKey(t => t.UserId);
            e.Property(t => t.UserId).HasColumnName("user_id").HasMaxLength(256);
            e.Property(t => t.SecretCiphertext).HasColumnName("secret");
            e.Property(t => t.LastUsedStep).HasColumnName("last_step");
            e.Property(t => t.RecoveryCodeHashes).HasColumnName("recovery_codes");
            e.Property(t => t.EnabledAt).HasColumnName("enabled_at");
            e.Property(t => t.TrustedDevicesNotBefore).HasColumnName("trusted_not_before");
            e.Property(t => t.Version).HasColumnName("version");
        });

        modelBuilder.Entity<AuthKitUserLoginRow>(e =>
        {
            e.ToTable(tablePrefix + "user_logins", schema);
            e.HasKey(nameof(AuthKitUserLoginRow.Provider), nameof(AuthKitUserLoginRow.Subject));
            e.Property(l => l.Provider).HasColumnName("provider").HasMaxLength(128);
            e.Property(l => l.Subject).HasColumnName("subject").HasMaxLength(256);
            e.Property(l => l.UserId).HasColumnName("user_id").HasMaxLength(256);
            e.Property(l => l.CreatedAt).HasColumnName("created_at");
            e.HasIndex(nameof(AuthKitUserLoginRow.UserId), nameof(AuthKitUserLoginRow.Provider)).IsUnique().HasDatabaseName("ux_" + tablePrefix + "user_logins_user_id_provider");
        });

        modelBuilder.Entity<AuthKitUserPasskeyRow>(e =>
        {
            e.ToTable(tablePrefix + "user_passkeys", schema);
            e.HasKey(p => p.CredentialId);
            e.Property(p => p.CredentialId).HasColumnName("credential_id").HasMaxLength(1023);
            e.Property(p => p.UserId).HasColumnName("user_id").HasMaxLength(256);
            e.Property(p => p.UserHandle).HasColumnName("user_handle").HasMaxLength(64);
            e.Property(p => p.PublicKey).HasColumnName("public_key");
            e.Property(p => p.SignCount).HasColumnName("sign_count");
            e.Property(p => p.Transports).HasColumnName("transports");
            e.Property(p => p.Name).HasColumnName("name").HasMaxLength(64);
            e.Property(p => p.CreatedAt).HasColumnName("created_at");
            e.Property(p => p.LastUsedAt).HasColumnName("last_used_at");
            e.Property(p => p.IsBackupEligible).HasColumnName("backup_eligible");
            e.Property(p => p.IsBackedUp).HasColumnName("backed_up");
            e.Property(p => p.AaGuid).HasColumnName("aaguid");
            e.HasIndex(p => p.UserId).HasDatabaseName("ix_" + tablePrefix + "user_passkeys_user_id");
        });

        return modelBuilder;
    }
}
