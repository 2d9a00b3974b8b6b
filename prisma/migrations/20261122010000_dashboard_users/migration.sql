-- CreateTable
CREATE TABLE `dashboard_users` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `username` VARCHAR(64) NOT NULL,
    `password_hash` VARCHAR(255) NOT NULL,
    `role` ENUM('admin', 'manager', 'agent') NOT NULL,
    `agent_extension` VARCHAR(32) NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `last_login_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,

    UNIQUE INDEX `dashboard_users_username_key`(`username`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `dashboard_users` ADD CONSTRAINT `dashboard_users_agent_extension_fkey` FOREIGN KEY (`agent_extension`) REFERENCES `users`(`extension`) ON DELETE SET NULL ON UPDATE CASCADE;
