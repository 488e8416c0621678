using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AuthKit.Sample.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialAuthKit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "authkit_revoked_sessions",
                columns: table => new
                {
                    session_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    expires_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_authkit_revoked_sessions", x => x.session_id);
                });

            migrationBuilder.CreateTable(
                name: "authkit_revoked_users",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    not_before = table.Column<long>(type: "bigint", nullable: false),
                    expires_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_authkit_revoked_users", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "authkit_sessions",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    user_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    roles = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    last_seen_at = table.Column<long>(type: "bigint", nullable: false),
                    idle_expires_at = table.Column<long>(type: "bigint", nullable: false),
                    absolute_expires_at = table.Column<long>(type: "bigint", nullable: false),
                    user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    client_ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    values = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_authkit_sessions", x => x.token_hash);
                });

            migrationBuilder.CreateTable(
                name: "authkit_throttle",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    last_at = table.Column<long>(type: "bigint", nullable: true),
                    expires_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_authkit_throttle", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "authkit_tokens",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "text", nullable: false),
                    purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    data = table.Column<string>(type: "text", nullable: true),
                    expires_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_authkit_tokens", x => x.token_hash);
                });

            migrationBuilder.CreateIndex(
                name: "ix_authkit_sessions_idle_expires_at",
                table: "authkit_sessions",
                column: "idle_expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_authkit_sessions_user_id",
                table: "authkit_sessions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_authkit_tokens_user_id_purpose",
                table: "authkit_tokens",
                columns: new[] { "user_id", "purpose" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "authkit_revoked_sessions");

            migrationBuilder.DropTable(
                name: "authkit_revoked_users");

            migrationBuilder.DropTable(
                name: "authkit_sessions");

            migrationBuilder.DropTable(
                name: "authkit_throttle");

            migrationBuilder.DropTable(
                name: "authkit_tokens");
        }
    }
}
