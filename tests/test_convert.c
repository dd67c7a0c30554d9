#include <stdio.h>
int main(void){puts("test_convert: 0 passed, 0 failed");return 0;}
