ALTER TABLE `documents` ADD `adopted_version_id` text;
-- data
-- No SQL data change: documents marked `decided` by hand are upgraded at start-up (server/index.ts runs
-- adoption.upgradeDocuments), because saving their current text as a version renders it from Yjs.
