-- CreateTable
CREATE TABLE `floor_audit` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `username` VARCHAR(64) NOT NULL,
    `role` VARCHAR(16) NOT NULL,
    `action` VARCHAR(32) NOT NULL,
    `target` VARCHAR(255) NOT NULL,
    `ok` BOOLEAN NOT NULL,
    `message` VARCHAR(255) NOT NULL,

    INDEX `floor_audit_created_at_idx`(`created_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
