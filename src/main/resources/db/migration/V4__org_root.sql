-- The platform root above the provinces: the first administrator is bound to it.
insert into org_node (code, name, level, path) values ('CN', '全国', 'root', '/CN/');
